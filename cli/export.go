package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/negotiate"
	"github.com/parley-desk/parley/store"
)

// exportFile is the JSON of "parley export": one workspace's clients,
// leads and deals. Ids are the workspace's own; an import gives new ones
// and keeps the links (a deal's lead).
type exportFile struct {
	Version   int            `json:"version"`
	Workspace string         `json:"workspace"`
	Exported  time.Time      `json:"exported"`
	Clients   []exportClient `json:"clients"`
	Leads     []exportLead   `json:"leads"`
	Deals     []exportDeal   `json:"deals"`
}

type exportClient struct {
	ID             int64  `json:"id"`
	Name           string `json:"name"`
	Email          string `json:"email"`
	Kind           string `json:"kind"`
	Language       string `json:"language"`
	Source         string `json:"source"`
	Sophistication string `json:"sophistication"`
}

type exportLead struct {
	ID        int64           `json:"id"`
	ClientID  int64           `json:"client_id,omitempty"`
	Source    string          `json:"source"`
	Inquiry   string          `json:"inquiry"`
	Language  string          `json:"language"`
	Verdict   string          `json:"verdict"`
	Score     int             `json:"score"`
	Status    string          `json:"status"`
	Screening json.RawMessage `json:"screening"`
}

type exportDeal struct {
	ID       int64           `json:"id"`
	LeadID   int64           `json:"lead_id,omitempty"`
	ClientID int64           `json:"client_id,omitempty"`
	Title    string          `json:"title"`
	Status   string          `json:"status"`
	Deal     json.RawMessage `json:"deal"`
}

// openWorkspace opens the desk and picks the workspace: --workspace, or the
// only one there is.
func openWorkspace(ctx context.Context, env *Env, dsn string, id int64) (*store.DB, *parley.Workspace, error) {
	dsn, err := deskPath(env, dsn)
	if err != nil {
		return nil, nil, err
	}
	if !strings.Contains(dsn, "://") {
		if _, err := os.Stat(dsn); errors.Is(err, fs.ErrNotExist) {
			return nil, nil, parley.Errorf(parley.EINVALID, "there is no desk at %s yet: run \"parley serve\" once to create it, or name one with --db FILE", dsn)
		}
	}
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, nil, err
	}
	ws, err := db.Workspaces(ctx)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	for _, w := range ws {
		if w.ID == id || (id == 0 && len(ws) == 1) {
			return db, w, nil
		}
	}
	db.Close()
	switch {
	case len(ws) == 0:
		return nil, nil, parley.Errorf(parley.EINVALID, "%s has no workspace yet; open the desk once (parley serve) to create it", dsn)
	case id == 0:
		var names []string
		for _, w := range ws {
			names = append(names, fmt.Sprintf("%d (%s)", w.ID, w.Name))
		}
		return nil, nil, parley.Errorf(parley.EINVALID, "the desk has several workspaces; name one with --workspace: %s", strings.Join(names, ", "))
	}
	return nil, nil, parley.Errorf(parley.ENOTFOUND, "no workspace %d", id)
}

func runExport(ctx context.Context, env *Env, args []string) error {
	var dsn, format, what string
	var wsID int64
	fs := newFlags(env, "export", "parley export [--format json|csv] [--what clients|leads|deals] [FILE|-]", `
Export one workspace's clients, leads and deals: JSON holds all three (and
"parley import" reads it back); CSV holds one table, --what (clients by
default), for a spreadsheet.`, `
  parley export desk.json
  parley export --format csv --what deals deals.csv`)
	fs.StringVar(&dsn, "db", "", "the desk's database (default: ~/.local/share/parley/parley.db)")
	fs.StringVar(&format, "format", "json", "json or csv")
	fs.StringVar(&what, "what", "clients", "for csv: clients, leads or deals")
	fs.Int64Var(&wsID, "workspace", 0, "the workspace id (needed when the desk has several)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return parley.Errorf(parley.EINVALID, "export writes one file")
	}
	if format != "json" && format != "csv" {
		return parley.Errorf(parley.EINVALID, "--format %q: write json or csv", format)
	}
	if what != "clients" && what != "leads" && what != "deals" {
		return parley.Errorf(parley.EINVALID, "--what %q: write clients, leads or deals", what)
	}
	db, ws, err := openWorkspace(ctx, env, dsn, wsID)
	if err != nil {
		return err
	}
	defer db.Close()
	out, err := collect(ctx, db, ws, env.Now())
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if format == "json" {
		enc := json.NewEncoder(&b)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(out); err != nil {
			return parley.Errorf(parley.EINTERNAL, "export: %w", err)
		}
	} else {
		writeCSV(&b, out, what)
	}
	if len(pos) == 0 || pos[0] == "-" {
		_, err = env.Stdout.Write(b.Bytes())
		return err
	}
	if err := writeFileAtomic(pos[0], b.Bytes(), 0o600); err != nil {
		return parley.Errorf(parley.EINVALID, "cannot write %s: %v", pos[0], err)
	}
	fmt.Fprintf(env.Stderr, "exported %d clients, %d leads, %d deals of %q to %s\n", len(out.Clients), len(out.Leads), len(out.Deals), ws.Name, pos[0])
	return nil
}

// collect reads a workspace page by page.
func collect(ctx context.Context, db *store.DB, ws *parley.Workspace, now time.Time) (*exportFile, error) {
	out := &exportFile{Version: 1, Workspace: ws.Name, Exported: now.UTC(), Clients: []exportClient{}, Leads: []exportLead{}, Deals: []exportDeal{}}
	for page := (parley.Page{Limit: parley.MaxPageSize}); ; {
		cs, next, err := db.Clients(ctx, ws.ID, page)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			out.Clients = append(out.Clients, exportClient{c.ID, c.Name, c.Email, c.Kind, c.Language, c.Source, c.Sophistication})
		}
		if page.After = next; next == "" {
			break
		}
	}
	for page := (parley.Page{Limit: parley.MaxPageSize}); ; {
		ls, next, err := db.Leads(ctx, ws.ID, "", page)
		if err != nil {
			return nil, err
		}
		for _, l := range ls {
			full, err := db.Lead(ctx, ws.ID, l.ID) // lists leave the screening out
			if err != nil {
				return nil, err
			}
			out.Leads = append(out.Leads, exportLead{full.ID, full.ClientID, full.Source, full.Inquiry, full.Language, full.Verdict, full.Score, full.Status, json.RawMessage(full.Screening)})
		}
		if page.After = next; next == "" {
			break
		}
	}
	for page := (parley.Page{Limit: parley.MaxPageSize}); ; {
		ds, next, err := db.Deals(ctx, ws.ID, page)
		if err != nil {
			return nil, err
		}
		for _, d := range ds {
			out.Deals = append(out.Deals, exportDeal{d.ID, d.LeadID, d.ClientID, d.Title, d.Status, json.RawMessage(d.Data)})
		}
		if page.After = next; next == "" {
			break
		}
	}
	return out, nil
}

func writeCSV(w io.Writer, out *exportFile, what string) {
	cw := csv.NewWriter(w)
	switch what {
	case "clients":
		cw.Write([]string{"id", "name", "email", "kind", "language", "source", "sophistication"})
		for _, c := range out.Clients {
			cw.Write([]string{strconv.FormatInt(c.ID, 10), c.Name, c.Email, c.Kind, c.Language, c.Source, c.Sophistication})
		}
	case "leads":
		cw.Write([]string{"id", "status", "verdict", "score", "language", "source", "inquiry"})
		for _, l := range out.Leads {
			cw.Write([]string{strconv.FormatInt(l.ID, 10), l.Status, l.Verdict, strconv.Itoa(l.Score), l.Language, l.Source, l.Inquiry})
		}
	case "deals":
		cw.Write([]string{"id", "title", "status", "client", "currency", "quoted", "price", "delivery", "concessions"})
		for _, d := range out.Deals {
			var nd negotiate.Deal
			row := []string{strconv.FormatInt(d.ID, 10), d.Title, d.Status, "", "", "", "", "", ""}
			if json.Unmarshal(d.Deal, &nd) == nil && nd.Check() == nil {
				c := nd.Current()
				row[3], row[4], row[5], row[6], row[7], row[8] = nd.Client.Name, nd.Terms.Currency, nd.Terms.Total, c.Total.String(), c.Delivery.Format(time.DateOnly), strconv.Itoa(c.Concessions)
			}
			cw.Write(row)
		}
	}
	cw.Flush()
}

func runImport(ctx context.Context, env *Env, args []string) error {
	var dsn string
	var wsID int64
	fs := newFlags(env, "import", "parley import [--workspace ID] FILE.json|FILE.csv\n       parley import [--workspace ID] mail FILE.eml|FILE.mbox|DIR", `
Import clients, leads and deals into a workspace: a JSON file of "parley
export" (all three, links kept), or a CSV of clients (a header row with
name, and any of email, kind, language, source, sophistication). Everything
is checked before anything is written: a bad row stops the import with its
line, and nothing is stored.

"import mail" reads e-mail: a message (.eml), a mailbox (.mbox) or a folder
of them. A reply to a letter the desk sent, or a message from a client with
a deal, joins that deal as the client's message; any other message becomes
a lead, screened. Each message is reported on its own line; a bad one is
named with its reason while the rest import, and a message already
imported is skipped.`, `
  parley import desk.json
  parley import clients.csv
  parley import mail ~/Mail/inquiries.mbox`)
	fs.StringVar(&dsn, "db", "", "the desk's database (default: ~/.local/share/parley/parley.db)")
	fs.Int64Var(&wsID, "workspace", 0, "the workspace id (needed when the desk has several)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 && pos[0] == "mail" {
		return importMail(ctx, env, dsn, wsID, pos[1:])
	}
	if len(pos) != 1 {
		return parley.Errorf(parley.EINVALID, "import reads one file")
	}
	data, err := os.ReadFile(pos[0])
	if err != nil {
		return parley.Errorf(parley.EINVALID, "%s: %v", pos[0], err)
	}
	var in exportFile
	if strings.HasSuffix(strings.ToLower(pos[0]), ".csv") {
		if in.Clients, err = readClientsCSV(data, pos[0]); err != nil {
			return err
		}
	} else {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&in); err != nil {
			return parley.Errorf(parley.EINVALID, "%s is not an export of parley export: %v", pos[0], err)
		}
		if in.Version != 1 {
			return parley.Errorf(parley.EINVALID, "%s: version %d; this Parley reads version 1", pos[0], in.Version)
		}
	}
	// Check everything before writing anything.
	for i, c := range in.Clients {
		if strings.TrimSpace(c.Name) == "" {
			return parley.Errorf(parley.EINVALID, "%s: client %d has no name", pos[0], i+1)
		}
	}
	for i, l := range in.Leads {
		if l.Inquiry == "" || !json.Valid(l.Screening) {
			return parley.Errorf(parley.EINVALID, "%s: lead %d needs its inquiry and screening", pos[0], i+1)
		}
	}
	for i, d := range in.Deals {
		var nd negotiate.Deal
		if err := json.Unmarshal(d.Deal, &nd); err != nil {
			return parley.Errorf(parley.EINVALID, "%s: deal %d: %v", pos[0], i+1, err)
		}
		if err := nd.Check(); err != nil {
			return parley.Errorf(parley.EINVALID, "%s: deal %d: %s", pos[0], i+1, parley.ErrorMessage(err))
		}
	}
	db, ws, err := openWorkspace(ctx, env, dsn, wsID)
	if err != nil {
		return err
	}
	defer db.Close()
	clientIDs, leadIDs := map[int64]int64{}, map[int64]int64{}
	for _, c := range in.Clients {
		rec := &parley.Client{WorkspaceID: ws.ID, Name: c.Name, Email: c.Email, Kind: c.Kind, Language: c.Language, Source: c.Source, Sophistication: c.Sophistication}
		if err := db.CreateClient(ctx, rec); err != nil {
			return err
		}
		clientIDs[c.ID] = rec.ID
	}
	for _, l := range in.Leads {
		rec := &parley.Lead{WorkspaceID: ws.ID, ClientID: clientIDs[l.ClientID], Source: l.Source, Inquiry: l.Inquiry, Language: l.Language,
			Verdict: l.Verdict, Score: l.Score, Status: l.Status, Screening: l.Screening}
		if err := db.CreateLead(ctx, rec); err != nil {
			return err
		}
		leadIDs[l.ID] = rec.ID
	}
	for _, d := range in.Deals {
		rec := &parley.DealRecord{WorkspaceID: ws.ID, LeadID: leadIDs[d.LeadID], ClientID: clientIDs[d.ClientID], Title: d.Title, Status: d.Status, Data: d.Deal}
		if err := db.CreateDeal(ctx, rec); err != nil {
			return err
		}
	}
	fmt.Fprintf(env.Stdout, "imported %d clients, %d leads, %d deals into %q\n", len(in.Clients), len(in.Leads), len(in.Deals), ws.Name)
	return nil
}

func readClientsCSV(data []byte, name string) ([]exportClient, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		return nil, parley.Errorf(parley.EINVALID, "%s: %v", name, err)
	}
	if len(rows) == 0 {
		return nil, parley.Errorf(parley.EINVALID, "%s is empty", name)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	if _, ok := col["name"]; !ok {
		return nil, parley.Errorf(parley.EINVALID, "%s: the header row needs a name column", name)
	}
	get := func(row []string, key string) string {
		if i, ok := col[key]; ok && i < len(row) {
			return strings.TrimSpace(row[i])
		}
		return ""
	}
	var out []exportClient
	for n, row := range rows[1:] {
		c := exportClient{Name: get(row, "name"), Email: get(row, "email"), Kind: get(row, "kind"), Language: get(row, "language"),
			Source: get(row, "source"), Sophistication: get(row, "sophistication")}
		if c.Name == "" {
			return nil, parley.Errorf(parley.EINVALID, "%s:%d: a client without a name", name, n+2)
		}
		switch c.Kind {
		case "", "small_business", "large_company", "agency":
		default:
			return nil, parley.Errorf(parley.EINVALID, "%s:%d: kind %q: write small_business, large_company or agency", name, n+2, c.Kind)
		}
		switch c.Language {
		case "", "en", "fi", "ru":
		default:
			return nil, parley.Errorf(parley.EINVALID, "%s:%d: language %q: write en, fi or ru", name, n+2, c.Language)
		}
		out = append(out, c)
	}
	return out, nil
}
