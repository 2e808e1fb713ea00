package pricing

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
)

// keyLines maps each key of a TOML document to the line it is on, with
// array-of-table elements indexed like the validator names them:
// "services[1].rate". The TOML decoder does not report key positions, and a
// freelancer fixing a policy needs the line. Keys come from the document's
// simple shape (tables, arrays of tables, key = value); anything fancier
// only loses the line, never the check.
func keyLines(data []byte) map[string]int {
	lines := map[string]int{}
	counts := map[string]int{} // array-of-tables path → elements seen
	table := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), MaxPolicyBytes)
	inMultiline := ""
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if inMultiline != "" { // inside a """ or ''' string
			if strings.Count(line, inMultiline)%2 == 1 {
				inMultiline = ""
			}
			continue
		}
		if line == "" || line[0] == '#' {
			continue
		}
		switch {
		case strings.HasPrefix(line, "[["):
			name := cleanKey(strings.TrimSuffix(strings.SplitN(line[2:], "]]", 2)[0], "]]"))
			parent := resolve(table, name, counts)
			i := counts[parent]
			counts[parent] = i + 1
			table = fmt.Sprintf("%s[%d]", parent, i)
			setLine(lines, table, n)
		case line[0] == '[':
			name := cleanKey(strings.SplitN(line[1:], "]", 2)[0])
			table = resolve("", name, counts)
			setLine(lines, table, n)
		default:
			key, rest, ok := strings.Cut(line, "=")
			if !ok {
				continue
			}
			full := cleanKey(key)
			if table != "" {
				full = table + "." + full
			}
			setLine(lines, full, n)
			for _, q := range []string{`"""`, `'''`} {
				if strings.Count(rest, q)%2 == 1 {
					inMultiline = q
				}
			}
		}
	}
	return lines
}

// resolve names a table header: inside "services[0]", "[services.reduced]"
// means the current element's table, "services[0].reduced".
func resolve(_ string, name string, counts map[string]int) string {
	parts := strings.Split(name, ".")
	path := ""
	for i, p := range parts {
		if path != "" {
			path += "."
		}
		path += p
		if c, ok := counts[path]; ok && i < len(parts)-1 {
			path = fmt.Sprintf("%s[%d]", path, c-1)
		}
	}
	return path
}

func cleanKey(k string) string {
	parts := strings.Split(k, ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return strings.Join(parts, ".")
}

func setLine(lines map[string]int, key string, n int) {
	if _, ok := lines[key]; !ok {
		lines[key] = n
	}
}
