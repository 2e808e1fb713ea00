// Package parley holds the domain of the negotiation desk: its types, their
// rules and the one coded error type that every layer returns.
package parley

import (
	"errors"
	"fmt"
)

// Error codes. Every error a user can see carries one of these; the shell maps
// them to exit codes and HTTP statuses in one place (ExitCode, and later the
// web layer).
const (
	EINVALID      = "invalid"      // the input is wrong; the message says how to fix it
	ENOTFOUND     = "not_found"    // the thing asked for does not exist
	ECONFLICT     = "conflict"     // the request clashes with the current state
	EUNAUTHORIZED = "unauthorized" // the caller may not do this
	EPARTIAL      = "partial"      // a batch ran, but some of its items failed (each is reported)
	EINTERNAL     = "internal"     // our fault; details are logged, not shown
)

// Error is the coded error of the application. Message is written for the
// person who will read it: what is wrong and what to do.
type Error struct {
	Code    string
	Message string
	Err     error // the underlying cause, if any; not shown to users
}

// Error returns the message; it already names the cause where that helps
// the reader (Errorf formats it in), so the cause is not appended again.
func (e *Error) Error() string {
	if e.Message == "" && e.Err != nil {
		return e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns a coded error with a formatted message. A %w verb in format
// wraps its argument as the cause.
func Errorf(code, format string, args ...any) *Error {
	wrapped := fmt.Errorf(format, args...)
	return &Error{Code: code, Message: wrapped.Error(), Err: errors.Unwrap(wrapped)}
}

// ErrorCode returns the code of the first coded error in err's chain, or
// EINTERNAL for an error the application did not expect. nil gives "".
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err: the coded message, or a
// generic one for internal errors so that raw internals never reach a user.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) && e.Code != EINTERNAL {
		return e.Message
	}
	return "internal error; please report it with the command you ran"
}

// Exit codes of the CLI (DESIGN.md "Interfaces").
const (
	ExitOK      = 0 // success
	ExitFailed  = 1 // the work failed (in batch mode: some lines failed)
	ExitInvalid = 2 // bad usage or unreadable input
)

// ExitCode maps an error to the CLI's exit code. It is the only place where
// that mapping lives.
func ExitCode(err error) int {
	switch ErrorCode(err) {
	case "":
		return ExitOK
	case EINVALID, ENOTFOUND, EUNAUTHORIZED:
		return ExitInvalid
	default:
		return ExitFailed
	}
}
