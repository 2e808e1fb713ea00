// Package mail carries the desk's letters to and from clients.
//
// Outbound, Compose turns an already-written draft into a letter in the
// client's language (English, Finnish or Russian) with a subject, the
// portal link and the freelancer's signature, as plain text and HTML; its
// wording lives in text/LANG.toml. Bytes renders a Message as RFC 5322
// (multipart/alternative, UTF-8, quoted-printable), and a Sender delivers
// it: SMTP through a mail server, or Outbox as .eml files the freelancer
// sends from any mail client.
//
// Inbound, Read and ReadPath turn .eml files and mbox mailboxes into
// Incoming messages with decoded headers and readable UTF-8 text, so that
// the desk can screen them as leads or match them to a deal. A damaged
// message is reported on its own and never stops the rest.
package mail
