package store

import (
	"database/sql"
	"time"
)

var zeroTime time.Time

// optTime reads a nullable time column: NULL is the zero time.
func optTime(v sql.NullInt64) time.Time {
	if !v.Valid {
		return zeroTime
	}
	return fromMillis(v.Int64)
}

// optMillis writes a time to a nullable column: the zero time is NULL.
func optMillis(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return millis(t)
}

// scanner is a row or rows.
type scanner interface{ Scan(...any) error }

// collect reads every row of a query with scan, closing the rows; err is
// the query's own error, so that callers pass a query's results straight in.
func collect[T any](rows *sql.Rows, err error, what string, scan func(scanner) (T, error)) ([]T, error) {
	if err != nil {
		return nil, internal(what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, internal(what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, internal(what, err)
	}
	return out, nil
}
