package web

import (
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parley-desk/parley/locale"
	"github.com/parley-desk/parley/pricing"
)

// verbs are the fmt verbs of a text, in order of their argument.
var verbs = regexp.MustCompile(`%(\[\d+\])?[a-zA-Z]`)

// The three catalogs have the same keys, none empty, with the same fmt
// verbs and the right number of plural forms.
func TestCatalogsMatch(t *testing.T) {
	cats := map[string]map[string]string{}
	for _, lang := range locale.Languages {
		c, err := readCatalog(lang)
		if err != nil {
			t.Fatal(err)
		}
		cats[lang] = c
	}
	en := cats["en"]
	for _, lang := range locale.Languages {
		c := cats[lang]
		for k, v := range c {
			if strings.TrimSpace(v) == "" {
				t.Errorf("%s.toml: %s is empty", lang, k)
			}
			if _, ok := en[k]; !ok {
				t.Errorf("%s.toml: %s is not in en.toml", lang, k)
			}
			if strings.HasPrefix(k, "_") {
				t.Errorf("%s.toml: %s: keys starting with _ are reserved", lang, k)
			}
		}
		for k, v := range en {
			w, ok := c[k]
			if !ok {
				t.Errorf("%s.toml: %s is missing", lang, k)
				continue
			}
			if a, b := countVerbs(v), countVerbs(w); !slices.Equal(a, b) {
				t.Errorf("%s.toml: %s has verbs %v, en has %v", lang, k, b, a)
			}
			if strings.HasPrefix(k, "unit_") {
				want := map[string]int{"en": 2, "fi": 2, "ru": 3}[lang]
				if n := len(strings.Split(w, "|")); n != want && !(n == 1 && lang == "en") {
					t.Errorf("%s.toml: %s has %d plural forms, want %d", lang, k, n, want)
				}
			}
		}
	}
}

func countVerbs(s string) []string {
	v := verbs.FindAllString(s, -1)
	slices.Sort(v)
	return v
}

// usedKey finds the catalog keys the templates and the Go code name.
var usedKey = []*regexp.Regexp{
	regexp.MustCompile(`\$?\.?T\.([a-z][a-z0-9_]*)`),     // {{.T.key}}, {{$.T.key}}, {{$T.key}}
	regexp.MustCompile(`\b[FNH][ (]"([a-z][a-z0-9_]*)"`), // {{.T.F "key" …}}, t.F("key", …)
}

// Every key the templates and handlers use is in the catalogs, and so are
// the labels of every value of the closed sets shown through Enum.
func TestEveryUsedKeyExists(t *testing.T) {
	en, err := readCatalog("en")
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	tmpl, _ := fs.Glob(assets, "templates/*.html")
	files = append(files, tmpl...)
	goFiles, _ := fs.Glob(os.DirFS("."), "*.go")
	used := map[string]string{}
	read := func(name string, b []byte) {
		for _, re := range usedKey {
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				used[m[1]] = name
			}
		}
	}
	for _, f := range files {
		b, _ := fs.ReadFile(assets, f)
		read(f, b)
	}
	for _, f := range goFiles {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, _ := os.ReadFile(f)
		read(f, b)
	}
	for _, m := range []string{"F", "N", "H", "Enum", "Stamp", "Date", "Lang"} {
		delete(used, m) // methods of Text, not keys
	}
	if len(used) < 100 {
		t.Fatalf("found only %d keys in use; is the pattern still right?", len(used))
	}
	for k, where := range used {
		if _, ok := en[k]; !ok {
			t.Errorf("%s uses %s, which no catalog has", where, k)
		}
	}
	enums := map[string][]string{
		"verdict":     {"decline", "caution", "negotiate", "proceed"},
		"severity":    {"decline", "caution", "negotiate", "ask"},
		"lead_status": {"new", "declined", "converted"},
		"deal_status": {"open", "won", "lost"},
	}
	for prefix, values := range enums {
		for _, v := range values {
			if _, ok := en[prefix+"_"+v]; !ok {
				t.Errorf("no label %s_%s", prefix, v)
			}
		}
	}
}

func TestAcceptLanguage(t *testing.T) {
	for header, want := range map[string]string{
		"":                             "en",
		"en-US,en;q=0.9":               "en",
		"fi-FI,fi;q=0.9,en;q=0.8":      "fi",
		"ru":                           "ru",
		"de-DE,de;q=0.9,ru;q=0.5":      "ru",
		"de, fr":                       "en",
		"en;q=0.5, FI;q=0.8":           "fi",
		"fi;q=0, en;q=0.1":             "en",
		"ru;q=bad, fi;q=0.3":           "fi",
		"ru-RU, fi":                    "ru", // a tie goes to the one named first
		"*":                            "en",
		"sv-FI;q=1, fi;q=0.9, *;q=0.1": "fi",
	} {
		if got := acceptLanguage(header); got != want {
			t.Errorf("Accept-Language %q: %s, want %s", header, got, want)
		}
	}
}

func TestBackTo(t *testing.T) {
	for ref, want := range map[string]string{
		"":                                  "/",
		"http://desk.test/leads?status=new": "/leads?status=new",
		"https://desk.test/deals/3":         "/deals/3",
		"/settings/policy":                  "/settings/policy",
		"http://evil.test/leads":            "/",
		"//evil.test/leads":                 "/",
		"http://desk.test//evil.test/x":     "/",
		`http://desk.test/\evil.test`:       "/%5Cevil.test", // a path here, never a host
		"javascript:alert(1)":               "/",
		"http://desk.test/language":         "/",
		"leads":                             "/",
	} {
		r := httptest.NewRequest("POST", "http://desk.test/language", nil)
		if ref != "" {
			r.Header.Set("Referer", ref)
		}
		if got := backTo(r); got != want {
			t.Errorf("Referer %q: back to %q, want %q", ref, got, want)
		}
	}
}

func TestWaitForPlurals(t *testing.T) {
	texts, err := loadTexts()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		lang string
		d    time.Duration
		want string
	}{
		{"en", 72 * time.Hour, "3 days"},
		{"en", time.Minute, "1 minute"},
		{"en", 5 * time.Hour, "5 hours"},
		{"fi", 72 * time.Hour, "3 päivää"},
		{"fi", time.Minute, "1 minuutti"},
		{"fi", 21 * time.Hour, "21 tuntia"},
		{"ru", 48 * time.Hour, "2 дня"},
		{"ru", 5 * 24 * time.Hour, "5 дней"},
		{"ru", 21 * 24 * time.Hour, "21 день"},
		{"ru", 21 * time.Hour, "21 час"},
		{"ru", 3 * time.Hour, "3 часа"},
		{"ru", time.Minute, "1 минуту"},
		{"ru", 11 * time.Minute, "11 минут"},
	} {
		if got := waitFor(texts[c.lang], c.d); got != c.want {
			t.Errorf("%s %v: %q, want %q", c.lang, c.d, got, c.want)
		}
	}
	if got := texts["fi"].F("dash_quiet_note", waitFor(texts["fi"], 96*time.Hour)); got != "hiljaista jo 4 päivää: yhden muistutuksen aika" {
		t.Errorf("fi quiet note: %q", got)
	}
	if got := whoseText(texts["ru"], "client", 25*time.Hour); got != "ход клиента; вы написали 25 часов назад" {
		t.Errorf("ru whose: %q", got)
	}
	if got := whoseText(texts["en"], "me", 49*time.Hour); got != "your move; the client has waited 2 days" {
		t.Errorf("en whose: %q", got)
	}
}

// Choosing Finnish or Russian in the header switches the whole desk,
// signed out and in; the choice outlives signing out; a browser that asks
// for a language in Accept-Language gets it until the user chooses.
func TestDeskLanguages(t *testing.T) {
	ts, _ := desk(t)
	c := browser(t)
	owner := url.Values{"workspace": {"A"}, "name": {"Anna"}, "email": {"a@example.fi"}, "password": {"correct horse battery"}}
	run(t, ts, c, []step{
		{method: "GET", path: "/setup", status: 200, has: []string{`<html lang="en">`, "Set up your desk", `<option value="fi" lang="fi">Suomi</option>`}},
		// Signed out: the switcher goes back to the page it was on.
		{method: "POST", path: "/language", form: url.Values{"lang": {"fi"}}, header: map[string]string{"Referer": ts.URL + "/setup"}, status: 303, location: "/setup"},
		{method: "GET", path: "/setup", status: 200, has: []string{`<html lang="fi">`, "Ota työpöytä käyttöön", "Sähköpostiosoite", `<option value="fi" lang="fi" selected>Suomi</option>`}, not: []string{"Set up your desk", "E-mail address"}},
		{method: "POST", path: "/setup", form: owner, status: 303, location: "/"},
		{method: "GET", path: "/", status: 200, has: []string{"Tänään", "Uudet liidit", "Ei uusia liidejä", "Kirjaudu ulos", "Etusivu"}, not: []string{"Today", "New leads", "No new leads", "Sign out"}},
		{method: "POST", path: "/leads", form: url.Values{"inquiry": {"  "}}, status: 400, has: []string{"Liitä ensin asiakkaan viesti."}, not: []string{"Paste the client"}},
		{method: "POST", path: "/leads", form: url.Values{"inquiry": {"We need five landing pages by tomorrow. Can we pay 50% now and 50% after delivery?"}, "source": {"LinkedIn"}}, status: 303, location: "/leads/1"},
		{method: "GET", path: "/leads/1", status: 200, has: []string{"Liidi 1", "Varoitusmerkit", "Vastausluonnos", "Hylkää", "Tee kaupaksi", "riskipisteet", "lähde: LinkedIn", "uusi ·"}, not: []string{"Reply draft", "Red flags", "Convert to a deal", ">Decline<"}},
		{method: "GET", path: "/leads", status: 200, has: []string{"Arvioi yhteydenotot", "Kaikki liidit", "riski "}, not: []string{"All leads", "score "}},
		{method: "GET", path: "/leads/abc", status: 404, has: []string{"Jokin meni vikaan", `liidiä &#34;abc&#34; ei ole`}},
		{method: "POST", path: "/deals", form: url.Values{"lead": {"1"}, "title": {"Viisi sivua"}, "service": {"landing"}, "stages": {"monta"}}, status: 400, has: []string{"Erien määrän on oltava kokonaisluku.", "Uusi kauppa"}},
		{method: "POST", path: "/deals", form: url.Values{"lead": {"1"}, "title": {"Viisi sivua"}, "client": {"Mikko"}, "language": {"en"}, "service": {"landing"}, "quantity": {"5"}}, status: 303, location: "/deals/1"},
		{method: "GET", path: "/deals/1", status: 200, has: []string{"Ehdot", "Hinta nyt:", "Toimitus: ", "maksetaan ennakkoon 1 erässä", "Ei vielä viestejä."}, not: []string{"Terms", "No messages yet"}},
		{method: "POST", path: "/deals/1/messages", form: url.Values{"message": {"Thanks! Our finance team pays 50% now and 50% after delivery."}}, status: 303},
		{method: "GET", path: "/deals/1", status: 200, has: []string{"Siirrot, paras ensin", "Hyväksy", "sinun vuorosi"}, not: []string{"Moves, best first", "your move"}},
		{method: "GET", path: "/", status: 200, has: []string{"Sinun vuorosi", "Viisi sivua", "sinun vuorosi"}, not: []string{"Your move"}},
		{method: "POST", path: "/deals/1/accept", form: url.Values{"move": {"staged_prepayment"}}, status: 303},
		{method: "GET", path: "/deals/1", status: 200, has: []string{"Myönnytykset", "annoit ", "maksetaan ennakkoon 4 erässä", "asiakkaan vuoro"}, not: []string{"Concession ledger", "the client&#39;s move"}},
		{method: "GET", path: "/deals", status: 200, has: []string{"Kaupat", "asiakkaan vuoro", "auki"}},
		// Russian, from any page.
		{method: "POST", path: "/language", form: url.Values{"lang": {"ru"}}, header: map[string]string{"Referer": ts.URL + "/leads/1"}, status: 303, location: "/leads/1"},
		{method: "GET", path: "/leads/1", status: 200, has: []string{`<html lang="ru">`, "Заявка 1", "Черновик ответа", "в сделке"}, not: []string{"Vastausluonnos", "Reply draft"}},
		{method: "GET", path: "/", status: 200, has: []string{"Сегодня", "Новые заявки", "Выйти"}, not: []string{"Tänään", "Today"}},
		{method: "GET", path: "/deals/1", status: 200, has: []string{"предоплата в 4 этапа", "Журнал уступок", "ход клиента"}},
		{method: "POST", path: "/settings/policy", form: url.Values{"policy": {"not = [toml"}}, status: 400, has: []string{"Политика не сохранена:"}},
		// The choice outlives signing out; a foreign Referer goes home.
		{method: "POST", path: "/logout", status: 303, location: "/login"},
		{method: "GET", path: "/login", status: 200, has: []string{"Вход", "Пароль"}, not: []string{"Sign in"}},
		{method: "POST", path: "/language", form: url.Values{"lang": {"en"}}, header: map[string]string{"Referer": "http://evil.test/login"}, status: 303, location: "/"},
		{method: "POST", path: "/language", form: url.Values{"lang": {"de"}}, status: 400},
		{method: "GET", path: "/login", header: map[string]string{"Accept-Language": "fi"}, status: 200, has: []string{"Sign in"}, not: []string{"Kirjaudu"}},
	})
	// A new browser that prefers Russian gets it without choosing.
	run(t, ts, browser(t), []step{
		{method: "GET", path: "/login", header: map[string]string{"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.8"}, status: 200, has: []string{`<html lang="ru">`, "Вход"}},
		{method: "GET", path: "/login", header: map[string]string{"Accept-Language": "fi-FI,fi;q=0.9"}, status: 200, has: []string{"Kirjaudu sisään"}},
		{method: "GET", path: "/login", status: 200, has: []string{`<html lang="en">`, "Sign in"}},
	})
}

// Every page, in every language: no key is missing ([key]), no format is
// broken (%!), and in fi and ru no English label the catalogs translate
// is left on the page.
func TestEveryPageInEveryLanguage(t *testing.T) {
	texts, err := loadTexts()
	if err != nil {
		t.Fatal(err)
	}
	// English labels that must not show on a fi or ru page: the plain
	// ones that differ from the translation, as the template writes them.
	english := map[string][]string{"fi": englishLabels(texts, "fi"), "ru": englishLabels(texts, "ru")}
	for _, lang := range locale.Languages {
		t.Run(lang, func(t *testing.T) {
			ts, _ := desk(t)
			c := browser(t)
			pages := map[string]string{}
			get := func(path string, status int) {
				t.Helper()
				resp, err := c.Get(ts.URL + path)
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != status {
					t.Fatalf("GET %s: %d, want %d", path, resp.StatusCode, status)
				}
				pages[path] = string(b)
			}
			post := func(path string, form url.Values) {
				t.Helper()
				resp, err := c.PostForm(ts.URL+path, form)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusSeeOther {
					t.Fatalf("POST %s: %d", path, resp.StatusCode)
				}
			}
			post("/language", url.Values{"lang": {lang}})
			get("/setup", 200)
			post("/setup", url.Values{"workspace": {"W"}, "name": {"Anna"}, "email": {"a@example.fi"}, "password": {"correct horse battery"}})
			get("/?empty", 200)
			get("/deals?empty", 200)
			post("/leads", url.Values{"inquiry": {"We need five landing pages by tomorrow. We pay after delivery.\n---\nHello, a quick question about a brochure."}, "source": {"LinkedIn"}})
			post("/deals", url.Values{"lead": {"1"}, "title": {"Landings"}, "client": {"Mikko"}, "service": {"landing"}, "quantity": {"5"}})
			get("/deals/1", 200)
			post("/deals/1/messages", url.Values{"message": {"Thanks! Our finance team pays 50% now and 50% after delivery."}})
			post("/settings/tokens", url.Values{"name": {"script"}})
			post("/deals/1/agreements", nil)
			post("/deals/1/changes", url.Values{"text": {"There are typos in the offer."}})
			post("/deals/1/changes", url.Values{"text": {"We now also need a second landing page."}})
			post("/deals/1/disputes", url.Values{"complaint": {"The text does not sell."}})
			post("/clients/1/price-changes", url.Values{"service": {"landing"}, "old_rate": {"900"}, "new_rate": {"1000"}, "effective": {"2027-01-15"}, "reason": {"Research takes longer."}})
			for path, status := range map[string]int{"/": 200, "/leads": 200, "/leads/1": 200, "/leads/2": 200, "/deals": 200, "/deals/new": 200,
				"/deals/1?pending": 200, "/settings/policy": 200, "/settings/tokens": 200, "/leads/abc": 404, "/clients": 200, "/clients/1": 200} {
				get(path, status)
			}
			post("/deals/1/accept", url.Values{"move": {"staged_prepayment"}})
			get("/deals/1", 200)
			post("/logout", nil)
			get("/login", 200)
			if len(pages) != 17 {
				t.Fatalf("%d pages", len(pages))
			}
			tx := texts[lang]
			for path, page := range pages {
				if !strings.Contains(page, `<html lang="`+lang+`">`) {
					t.Errorf("%s: not marked as %s", path, lang)
				}
				if !strings.Contains(page, template.HTMLEscapeString(tx["lang_change"])) {
					t.Errorf("%s: no language switcher in %s", path, lang)
				}
				for k := range texts["en"] {
					if strings.Contains(page, "["+k+"]") {
						t.Errorf("%s: missing text [%s]", path, k)
					}
				}
				for _, bad := range []string{"%!", "<no value>", "&lt;no value&gt;"} {
					if strings.Contains(page, bad) {
						t.Errorf("%s: broken text %q", path, bad)
					}
				}
				for _, en := range leftEnglish(page, english[lang]) {
					t.Errorf("%s in %s shows the English %q", path, lang, en)
				}
			}
			for path, key := range map[string]string{"/setup": "setup_title", "/login": "login_title", "/": "dash_heading", "/leads": "leads_screen",
				"/leads/1": "lead_flags", "/deals": "deals_title", "/deals/new": "deal_new_stages", "/deals/1": "deal_ledger",
				"/deals/1?pending": "deal_moves", "/settings/policy": "policy_submit", "/settings/tokens": "tokens_submit", "/leads/abc": "error_heading"} {
				if want := template.HTMLEscapeString(tx[key]); !strings.Contains(pages[path], want) {
					t.Errorf("%s in %s lacks %q", path, lang, want)
				}
			}
		})
	}
}

// notLabels are the parts of a page that are not the desk's labels: what
// the user or the client wrote, the policy file, and the switcher's own
// "English".
var notLabels = regexp.MustCompile(`(?s)<textarea.*?</textarea>|<blockquote.*?</blockquote>|<div class="inquiry">.*?</div>|<option value="en" lang="en"[^>]*>English</option>`)

var textNode = regexp.MustCompile(`>([^<]+)<`)

// leftEnglish is which of the English labels are on the page: a text node
// that is one, or (for labels of several words) a text node holding one.
func leftEnglish(page string, labels []string) []string {
	var found []string
	nodes := textNode.FindAllStringSubmatch(notLabels.ReplaceAllString(page, ""), -1)
	for _, en := range labels {
		for _, n := range nodes {
			text := strings.TrimSpace(n[1])
			if text == en || strings.Contains(en, " ") && strings.Contains(text, en) {
				found = append(found, en)
				break
			}
		}
	}
	return found
}

// englishLabels are the English labels that must not show on a page in
// lang: the plain ones that differ from the translation, as the template
// writes them.
func englishLabels(texts map[string]Text, lang string) []string {
	var out []string
	for k, v := range texts["en"] {
		if k == textLangKey || strings.HasSuffix(k, "_html") || strings.HasPrefix(k, "unit_") || strings.Contains(v, "%") ||
			texts[lang][k] == v || len(v) < 4 || strings.HasPrefix(k, "severity_") || strings.HasPrefix(k, "lead_status_") || strings.HasPrefix(k, "deal_status_") {
			continue
		}
		out = append(out, template.HTMLEscapeString(v))
	}
	return out
}

// The client's page speaks the client's language whole: no missing key,
// no broken format, no English label left, whatever the desk's language.
func TestPortalInEveryLanguage(t *testing.T) {
	texts, err := loadTexts()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"fi", "ru"} {
		t.Run(lang, func(t *testing.T) {
			ts, _, _, _ := portalDesk(t)
			desk := browser(t)
			// A freelancer who writes their policy in the client's language:
			// the charter and the scope on the page are theirs.
			policy, _ := pricing.Example("copywriter", lang)
			run(t, ts, desk, []step{
				setUpA,
				{method: "POST", path: "/settings/policy", form: url.Values{"policy": {string(policy)}}, status: 303},
				{method: "POST", path: "/deals", form: url.Values{"title": {"T"}, "client": {"C"}, "language": {lang}, "service": {"landing"}, "quantity": {"8"}, "stages": {"2"}}, status: 303},
				{method: "POST", path: "/deals/1/stages", status: 303},
				{method: "POST", path: "/deals/1/agreements", status: 303},
			})
			p := newLink(t, ts, desk)
			run(t, ts, desk, []step{{method: "POST", path: "/deals/1/changes", form: url.Values{"text": {"There are typos."}}, status: 303}})
			resp, err := http.Get(ts.URL + p)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			page := string(b)
			if !strings.Contains(page, `<html lang="`+lang+`">`) {
				t.Errorf("the client's page is not in %s", lang)
			}
			for k := range texts["en"] {
				if strings.Contains(page, "["+k+"]") {
					t.Errorf("missing text [%s]", k)
				}
			}
			if strings.Contains(page, "%!") {
				t.Error("a broken format")
			}
			for _, en := range leftEnglish(page, englishLabels(texts, lang)) {
				t.Errorf("shows the English %q", en)
			}
		})
	}
}

// The quote's refusals on the new-deal form are in the user's language.
func TestQuoteRefusalsInTheUsersLanguage(t *testing.T) {
	ts, _ := desk(t)
	c := browser(t)
	run(t, ts, c, []step{
		setUpA,
		{method: "POST", path: "/language", form: url.Values{"lang": {"fi"}}, status: 303},
		{method: "POST", path: "/deals", form: url.Values{"title": {"T"}, "client": {"C"}, "language": {"fi"}, "service": {"landing"}, "quantity": {"1"}, "stages": {"2"}}, status: 400,
			has: []string{"Vaiheittainen maksu on tarjolla 1500.00 EUR alkaen"}, not: []string{"stages are offered"}},
		{method: "POST", path: "/deals", form: url.Values{"title": {"T"}, "client": {"C"}, "language": {"fi"}, "service": {"landing"}, "quantity": {"5"}, "stages": {"40"}}, status: 400,
			has: []string{"hinnoittelusi sallii 1–"}},
	})
}
