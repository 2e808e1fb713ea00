package mail

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/parley-desk/parley"
)

// Sender delivers a message. SMTP sends it through a mail server; Outbox
// keeps it as a file for the freelancer to send.
type Sender interface {
	Send(ctx context.Context, m *Message) error
}

// TLSPolicy says whether the connection to the mail server must be
// encrypted with STARTTLS.
type TLSPolicy string

const (
	TLSMandatory     TLSPolicy = "mandatory"     // refuse a server without STARTTLS (the default)
	TLSOpportunistic TLSPolicy = "opportunistic" // use STARTTLS when the server offers it
	TLSNone          TLSPolicy = "none"          // plain text: only for a server on this machine
)

// SMTP sends messages through a mail server, one connection per message.
type SMTP struct {
	Host     string
	Port     int // 587 (submission) when 0
	Username string
	Password string
	TLS      TLSPolicy     // TLSMandatory when empty
	Timeout  time.Duration // per connection; 30 s when 0

	roots *x509.CertPool // the certificates to trust; nil is the system's (tests set their own)
}

// Send delivers m. Cancelling ctx stops the dial and closes a connection
// that is under way. When m has no MessageID or Date, Send sets them on m.
func (s SMTP) Send(ctx context.Context, m *Message) error {
	msg, err := build(m)
	if err != nil {
		return err
	}
	opts, err := s.options()
	if err != nil {
		return err
	}
	var stop func() bool
	defer func() {
		if stop != nil {
			stop()
		}
	}()
	// go-mail bounds only the dial by ctx; closing the connection when ctx
	// ends is what stops a send that hangs on a slow server.
	dial := func(dctx context.Context, network, addr string) (net.Conn, error) {
		var d net.Dialer
		conn, err := d.DialContext(dctx, network, addr)
		if err != nil {
			return nil, err
		}
		if stop != nil {
			stop()
		}
		stop = context.AfterFunc(ctx, func() { conn.Close() })
		return conn, nil
	}
	c, err := gomail.NewClient(strings.TrimSpace(s.Host), append(opts, gomail.WithDialContextFunc(dial))...)
	if err != nil {
		return parley.Errorf(parley.EINVALID, "the SMTP settings do not work (%w); check the host and port", err)
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("sending %q to %s was cancelled: %w", m.Subject, m.To.Email, ctx.Err())
		}
		return parley.Errorf(parley.EINVALID, "the letter to %s was not sent through %s: %w; check the SMTP settings (host, port, user, password, STARTTLS), or save the letter to the outbox and send it from your mail client",
			m.To.Email, s.addr(), err)
	}
	return nil
}

// options turns the settings into go-mail's client options, refusing what
// would send a password or a letter in clear text over the network.
func (s SMTP) options() ([]gomail.Option, error) {
	host := strings.TrimSpace(s.Host)
	if host == "" {
		return nil, parley.Errorf(parley.EINVALID, "no SMTP server is set; give its host name, or leave SMTP off to save letters to the outbox")
	}
	if s.Port < 0 || s.Port > 65535 {
		return nil, parley.Errorf(parley.EINVALID, "the SMTP port %d is not a port; use 587, or 25 for a local relay", s.Port)
	}
	policy := gomail.TLSMandatory
	switch s.TLS {
	case "", TLSMandatory:
	case TLSOpportunistic:
		policy = gomail.TLSOpportunistic
	case TLSNone:
		if !isLoopback(host) {
			return nil, parley.Errorf(parley.EINVALID, "STARTTLS can be off only for a mail server on this machine, not %s; use mandatory or opportunistic", host)
		}
		policy = gomail.NoTLS
	default:
		return nil, parley.Errorf(parley.EINVALID, "unknown STARTTLS policy %q; use mandatory, opportunistic or none", s.TLS)
	}
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	opts := []gomail.Option{
		gomail.WithPort(s.port()),
		gomail.WithTLSPolicy(policy),
		gomail.WithTimeout(timeout),
	}
	if s.roots != nil {
		opts = append(opts, gomail.WithTLSConfig(&tls.Config{ServerName: host, RootCAs: s.roots, MinVersion: tls.VersionTLS12}))
	}
	if s.Username != "" {
		// The first of these that the server offers; go-mail's PLAIN and
		// LOGIN refuse to send the password unencrypted except to localhost.
		opts = append(opts, gomail.WithUsername(s.Username), gomail.WithPassword(s.Password),
			gomail.WithOpportunisticSMTPAuth(gomail.SMTPAuthSCRAMSHA256, gomail.SMTPAuthSCRAMSHA1,
				gomail.SMTPAuthPlain, gomail.SMTPAuthLogin, gomail.SMTPAuthCramMD5))
	}
	return opts, nil
}

func (s SMTP) port() int {
	if s.Port == 0 {
		return 587
	}
	return s.Port
}

func (s SMTP) addr() string {
	return net.JoinHostPort(strings.TrimSpace(s.Host), fmt.Sprint(s.port()))
}

// isLoopback reports whether host names this machine.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
