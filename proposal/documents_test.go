package proposal

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/locale"
	"github.com/parley-desk/parley/money"
)

func eur(t testing.TB, s string) money.Money {
	t.Helper()
	cur, _ := money.Lookup("EUR")
	m, err := money.Parse(s, cur)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// agreement is version 3 of a deal: a landing page with the NDA surcharge,
// four staged prepayments (P3), confirmed through the portal; version 1
// was confirmed by e-mail, version 2 never was.
func agreement(t testing.TB, lang string) AgreementInput {
	return AgreementInput{
		Deal: "Website copy", Version: 3, Date: day(2026, 12, 4),
		Freelancer: "Anna Virtanen", Client: "Äänekosken Öljy / Ёлки-Палки",
		Lines: []AgreementLine{
			{Service: "Landing page copy", Quantity: 6000, Unit: "1000 characters", Amount: eur(t, "3000"),
				Included: []string{"audience and competitor analysis", "structure", "two rounds of revisions"},
				Excluded: []string{"design and layout"}},
			{Service: "Proofreading", Amount: eur(t, "250")},
		},
		Adjustments: []Adjustment{{Label: "No use in my portfolio (NDA) (+30%)", Amount: eur(t, "975")}},
		Total:       eur(t, "4225"),
		Stages: []AgreementStage{
			{Number: 1, Amount: eur(t, "1056.25"), Due: day(2026, 12, 7)},
			{Number: 2, Amount: eur(t, "1056.25"), Due: day(2026, 12, 14)},
			{Number: 3, Amount: eur(t, "1056.25"), Due: day(2026, 12, 21)},
			{Number: 4, Amount: eur(t, "1056.25"), Due: day(2027, 1, 11)},
		},
		Delivery: day(2027, 1, 22), Revisions: 2, RefundPercent: 5000, NDA: true,
		Charter:      policy(t, "copywriter", lang).Charter,
		Confirmation: Confirmation{At: day(2026, 12, 7), Via: parley.ConfirmedViaPortal, Record: "accepted in the portal from 192.0.2.7"},
		Earlier: []VersionRecord{
			{Version: 2, Date: day(2026, 12, 2)},
			{Version: 1, Date: day(2026, 11, 30), Confirmation: Confirmation{At: day(2026, 12, 1), Via: parley.ConfirmedViaEmail}},
		},
	}
}

// notice raises two rates from 1 February 2027, told on 2 December 2026
// (61 days), the contract renewing on 1 March.
func notice(t testing.TB) NoticeInput {
	return NoticeInput{
		Freelancer: "Anna Virtanen", Client: "Äänekosken Öljy / Ёлки-Палки",
		Rates: []RateChange{
			{Service: "Landing page copy, per 1,000 characters", Current: eur(t, "500"), New: eur(t, "600")},
			{Service: "Proofreading, per page", Current: eur(t, "20"), New: eur(t, "24.50")},
		},
		NoticeDate: day(2026, 12, 2), Effective: day(2027, 2, 1), NoticeDays: 30,
		Reason:  "Research now takes me twice as long: every text starts with interviews of your customers.\n\nThe old rate was set three years ago.",
		Renewal: day(2027, 3, 1),
	}
}

// pdfText renders d to PDF, reads it back with pdftotext (whitespace
// collapsed, as lines wrap) and renders page 1 to PNG for a person to look
// at (PARLEY_PDF_PNG=DIR keeps them).
func pdfText(t *testing.T, d Doc, name string) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("PARLEY_CI") != "" {
			t.Fatal("pdftotext is needed: apt-get install poppler-utils")
		}
		t.Skip("pdftotext is not installed (apt-get install poppler-utils); .ci/run installs it")
	}
	data, err := d.PDF(day(2026, 12, 7))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if keep := os.Getenv("PARLEY_PDF_PNG"); keep != "" {
		dir = keep
	}
	file := filepath.Join(dir, name+".pdf")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	if _, err := exec.LookPath("pdftoppm"); err == nil {
		if err := exec.Command("pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", file, filepath.Join(dir, name)).Run(); err != nil {
			t.Errorf("pdftoppm: %v", err)
		}
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

func mustContain(t *testing.T, text string, musts ...string) {
	t.Helper()
	for _, m := range musts {
		if !strings.Contains(text, strings.Join(strings.Fields(m), " ")) {
			t.Errorf("lacks %q in:\n%s", m, text)
		}
	}
}

// The agreement PDF shows, in each language, the version, the
// confirmation record, the amounts, the dates and the earlier versions.
func TestAgreementPDF(t *testing.T) {
	want := map[string][]string{
		"en": {"Agreement: Website copy, version 3", "Date of this version: Friday 4 December 2026",
			"confirmed this version through the client portal. Date of confirmation: Monday 7 December 2026",
			"Confirmation record: accepted in the portal from 192.0.2.7",
			"Landing page copy: 6 thousand characters", "Stage 1, due by Monday 7 December 2026", "Stage 4, due by Monday 11 January 2027",
			"Delivery by Friday 22 January 2027.", "2 rounds of revisions included.", "I refund 50% of the price (€2,112.50)",
			"Confidentiality (NDA)", "Version 1 of 30 November 2026: confirmed on 1 December 2026 by e-mail",
			"Version 2 of 2 December 2026: not confirmed", "Calls: Tue 14:00–16:00; Thu 10:00–12:00"},
		"fi": {"Sopimus: Website copy, versio 3", "Tämän version päiväys: perjantai 4.12.2026",
			"vahvistanut tämän version asiakasportaalissa. Vahvistuspäivä: maanantai 7.12.2026",
			"Landing page copy: 6 tuhatta merkkiä", "Vaihe 1, eräpäivä maanantai 7.12.2026", "Toimituspäivä: perjantai 22.1.2027.",
			"palautan 50 % hinnasta (2 112,50 €)", "Salassapito (NDA)",
			"Versio 1, päiväys 30.11.2026: vahvistettu sähköpostitse 1.12.2026", "Versio 2, päiväys 2.12.2026: ei vahvistettu"},
		"ru": {"Соглашение: Website copy, версия 3", "Дата этой версии: пятница, 4 декабря 2026",
			"подтвердил эту версию через клиентский портал. Дата подтверждения: понедельник, 7 декабря 2026",
			"Landing page copy: 6 тысяч знаков", "Этап 1, срок оплаты — понедельник, 7 декабря 2026", "Срок сдачи работы — пятница, 22 января 2027.",
			"верну 50 % стоимости (2 112,50 €)", "Конфиденциальность (NDA)",
			"Версия 1 от 30 ноября 2026: подтверждена 1 декабря 2026 по электронной почте", "Версия 2 от 2 декабря 2026: не подтверждена"},
	}
	for _, lang := range locale.Languages {
		t.Run(lang, func(t *testing.T) {
			c, err := LoadCatalog(lang)
			if err != nil {
				t.Fatal(err)
			}
			in := agreement(t, lang)
			d, err := BuildAgreement(c, in)
			if err != nil {
				t.Fatal(err)
			}
			text := pdfText(t, d, "agreement-"+lang)
			amounts := []string{"Äänekosken Öljy", "Ёлки-Палки", locale.Money(lang, in.Total), locale.Money(lang, eur(t, "1056.25")),
				locale.Money(lang, eur(t, "3000")), "+" + locale.Money(lang, eur(t, "975"))}
			mustContain(t, text, append(want[lang], amounts...)...)
		})
	}
}

// C2: an unconfirmed version says so plainly, and names the version that
// stays in force meanwhile, or that none is agreed yet.
func TestAgreementUnconfirmed(t *testing.T) {
	cases := []struct {
		name    string
		earlier []VersionRecord
		want    map[string]string
	}{
		{"an earlier one confirmed", agreement(t, "en").Earlier, map[string]string{
			"en": "Not yet confirmed. Until the client confirms this version through the client portal or by e-mail, version 1 (confirmed on 1 December 2026) remains in force.",
			"fi": "Ei vielä vahvistettu. Kunnes asiakas vahvistaa tämän version asiakasportaalissa tai sähköpostitse, voimassa on versio 1 (vahvistettu 1.12.2026).",
			"ru": "Ещё не подтверждено. Пока заказчик не подтвердит эту версию через клиентский портал или по электронной почте, действует версия 1 (подтверждена 1 декабря 2026).",
		}},
		{"none confirmed", []VersionRecord{{Version: 1, Date: day(2026, 11, 30)}}, map[string]string{
			"en": "Not yet confirmed. This version becomes the agreement once the client confirms it",
			"fi": "Ei vielä vahvistettu. Tästä versiosta tulee sopimus",
			"ru": "Ещё не подтверждено. Эта версия станет действующей",
		}},
	}
	for _, cs := range cases {
		for _, lang := range locale.Languages {
			t.Run(cs.name+"/"+lang, func(t *testing.T) {
				c, _ := LoadCatalog(lang)
				in := agreement(t, lang)
				in.Confirmation, in.Earlier = Confirmation{}, cs.earlier
				d, err := BuildAgreement(c, in)
				if err != nil {
					t.Fatal(err)
				}
				text := strings.Join(strings.Fields(d.Text()), " ")
				mustContain(t, text, cs.want[lang])
				if confirmed := c.T("agreement_confirmed_portal", in.Date); strings.Contains(text, confirmed[:20]) {
					t.Errorf("an unconfirmed version reads as confirmed:\n%s", text)
				}
			})
		}
	}
	// The first version has no history but says it is the first.
	c, _ := LoadCatalog("en")
	in := agreement(t, "en")
	in.Version, in.Earlier = 1, nil
	d, err := BuildAgreement(c, in)
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, d.Text(), "This is the first version.")
}

// Money that does not add up, or a log that does not fit, is refused with
// what to fix.
func TestAgreementErrors(t *testing.T) {
	usd, _ := money.Lookup("USD")
	cases := []struct {
		name   string
		change func(*AgreementInput)
		want   string
	}{
		{"version 0", func(in *AgreementInput) { in.Version = 0 }, "numbered from 1"},
		{"no client", func(in *AgreementInput) { in.Client = "" }, "name both"},
		{"no lines", func(in *AgreementInput) { in.Lines = nil }, "at least one service"},
		{"no delivery", func(in *AgreementInput) { in.Delivery = time.Time{} }, "delivery date"},
		{"lines off the total", func(in *AgreementInput) { in.Adjustments = nil }, "add up to 3250.00, not to the total 4225.00"},
		{"stages off the total", func(in *AgreementInput) { in.Stages[3].Amount = eur(t, "1056.24") }, "stages add up to 4224.99"},
		{"stages out of order", func(in *AgreementInput) { in.Stages[0].Number = 2 }, "number the stages"},
		{"two currencies", func(in *AgreementInput) { in.Lines[1].Amount = money.Money{Minor: 25000, Currency: usd} }, "one currency"},
		{"confirmed via fax", func(in *AgreementInput) { in.Confirmation.Via = "fax" }, `write "portal" or "email"`},
		{"confirmed before recorded", func(in *AgreementInput) { in.Confirmation.At = day(2026, 12, 3) }, "before it was recorded"},
		{"log from the future", func(in *AgreementInput) { in.Earlier[0].Version = 3 }, "numbered from 1 to 2"},
		{"log twice", func(in *AgreementInput) { in.Earlier[0].Version = 1 }, "twice"},
		{"refund over 100", func(in *AgreementInput) { in.RefundPercent = 10001 }, "between 0 and 100"},
	}
	c, _ := LoadCatalog("en")
	for _, cs := range cases {
		t.Run(cs.name, func(t *testing.T) {
			in := agreement(t, "en")
			cs.change(&in)
			_, err := BuildAgreement(c, in)
			var pe *parley.Error
			if !errors.As(err, &pe) || pe.Code != parley.EINVALID {
				t.Fatalf("error %v, want EINVALID", err)
			}
			if !strings.Contains(err.Error(), cs.want) {
				t.Errorf("message %q does not say %q", err, cs.want)
			}
		})
	}
}

// The notice PDF shows, in each language, the client, the rates before
// and after, the notice and effective dates, the reason and the renewal.
func TestNoticePDF(t *testing.T) {
	want := map[string][]string{
		"en": {"New rates from 1 February 2027", "Date: Wednesday 2 December 2026", "From Monday 1 February 2027 my rates change",
			"61 days in advance", "Landing page copy, per 1,000 characters: now €500.00; from 1 February 2027, €600.00",
			"Proofreading, per page: now €20.00; from 1 February 2027, €24.50",
			"renewal on Monday 1 March 2027; the renewed contract uses the new rates"},
		"fi": {"Uudet hinnat 1.2.2027 alkaen", "Päiväys: keskiviikko 2.12.2026", "61 päivää etukäteen",
			"Landing page copy, per 1,000 characters: nyt 500,00 €, 1.2.2027 alkaen 600,00 €", "Sopimuksemme uusitaan 1.3.2027"},
		"ru": {"Новые цены с 1 февраля 2027", "Дата: среда, 2 декабря 2026", "за 61 день",
			"Proofreading, per page: сейчас 20,00 €, с 1 февраля 2027 — 24,50 €", "Наш договор продлевается 1 марта 2027"},
	}
	for _, lang := range locale.Languages {
		t.Run(lang, func(t *testing.T) {
			c, _ := LoadCatalog(lang)
			d, err := BuildNotice(c, notice(t))
			if err != nil {
				t.Fatal(err)
			}
			text := pdfText(t, d, "notice-"+lang)
			mustContain(t, text, append(want[lang], "Äänekosken Öljy", "Ёлки-Палки", "Anna Virtanen",
				"Research now takes me twice as long", "The old rate was set three years ago.")...)
		})
	}
}

// M8: the notice goes out at least 30 days, or the policy's notice days,
// before the new rates apply; fewer are refused, saying the first
// possible date.
func TestNoticeRefusesShortNotice(t *testing.T) {
	helsinki, err := time.LoadLocation("Europe/Helsinki")
	if err != nil {
		t.Skip(err)
	}
	cases := []struct {
		name              string
		notice, effective time.Time
		policyDays        int
		ok                bool
		wantMessage       string
	}{
		{"29 days", day(2026, 12, 2), day(2026, 12, 31), 0, false, "29 days after the notice, and at least 30 are needed (M8); make them effective on 2027-01-01 or later"},
		{"30 days", day(2026, 12, 2), day(2027, 1, 1), 0, true, ""},
		{"policy below 30 still 30", day(2026, 12, 2), day(2026, 12, 31), 14, false, "at least 30"},
		{"policy 45, 44 days", day(2026, 12, 2), day(2027, 1, 15), 45, false, "at least 45 are needed (M8); make them effective on 2027-01-16"},
		{"policy 45, 45 days", day(2026, 12, 2), day(2027, 1, 16), 45, true, ""},
		{"effective before notice", day(2026, 12, 2), day(2026, 11, 2), 0, false, "-30 days"},
		{"dates count, not hours", time.Date(2026, 3, 1, 23, 30, 0, 0, helsinki), time.Date(2026, 3, 31, 0, 15, 0, 0, helsinki), 0, true, ""},
	}
	c, _ := LoadCatalog("en")
	for _, cs := range cases {
		t.Run(cs.name, func(t *testing.T) {
			in := notice(t)
			in.NoticeDate, in.Effective, in.NoticeDays, in.Renewal = cs.notice, cs.effective, cs.policyDays, time.Time{}
			_, err := BuildNotice(c, in)
			if cs.ok {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var pe *parley.Error
			if !errors.As(err, &pe) || pe.Code != parley.EINVALID {
				t.Fatalf("error %v, want EINVALID", err)
			}
			if !strings.Contains(err.Error(), cs.wantMessage) {
				t.Errorf("message %q does not say %q", err, cs.wantMessage)
			}
		})
	}
}

func TestNoticeErrors(t *testing.T) {
	rub, _ := money.Lookup("RUB")
	cases := []struct {
		name   string
		change func(*NoticeInput)
		want   string
	}{
		{"no reason", func(in *NoticeInput) { in.Reason = "  \n" }, "write why"},
		{"no rates", func(in *NoticeInput) { in.Rates = nil }, "list the rates"},
		{"not a rise", func(in *NoticeInput) { in.Rates[1].New = in.Rates[1].Current }, "not above the current"},
		{"two currencies", func(in *NoticeInput) { in.Rates[0].New = money.Money{Minor: 60000, Currency: rub} }, "one currency"},
		{"renewal before the new rates", func(in *NoticeInput) { in.Renewal = day(2027, 1, 15) }, "renewed contract would keep the current rates"},
		{"no client", func(in *NoticeInput) { in.Client = " " }, "name both"},
	}
	c, _ := LoadCatalog("en")
	for _, cs := range cases {
		t.Run(cs.name, func(t *testing.T) {
			in := notice(t)
			cs.change(&in)
			_, err := BuildNotice(c, in)
			var pe *parley.Error
			if !errors.As(err, &pe) || pe.Code != parley.EINVALID {
				t.Fatalf("error %v, want EINVALID", err)
			}
			if !strings.Contains(err.Error(), cs.want) {
				t.Errorf("message %q does not say %q", err, cs.want)
			}
		})
	}
}

// M8, M9: the notice explains; it asks no question (least of all what the
// client thinks of the price) and does not apologise, in any language.
func TestNoticeNeitherAsksNorApologises(t *testing.T) {
	banned := map[string][]string{
		"en": {"sorry", "apolog", "unfortunately", "regret", "what do you think", "your opinion", "let me know if", "hope you"},
		"fi": {"pahoittel", "anteeksi", "valitettavasti", "mitä mieltä", "mielipide", "toivottavasti"},
		"ru": {"извин", "прост", "к сожалению", "сожале", "что вы думаете", "ваше мнение", "надеюсь"},
	}
	for _, lang := range locale.Languages {
		c, _ := LoadCatalog(lang)
		in := notice(t)
		d, err := BuildNotice(c, in)
		if err != nil {
			t.Fatal(err)
		}
		text := strings.ToLower(strings.Replace(d.Text(), strings.Join(strings.Fields(in.Reason), " "), "", 1))
		if strings.Contains(text, "?") {
			t.Errorf("%s: the notice asks a question:\n%s", lang, text)
		}
		for _, b := range banned[lang] {
			if strings.Contains(text, b) {
				t.Errorf("%s: the notice says %q:\n%s", lang, b, text)
			}
		}
	}
}

// The documents render through every renderer (the same Doc as proposals).
func TestDocumentsRender(t *testing.T) {
	c, _ := LoadCatalog("ru")
	a, err := BuildAgreement(c, agreement(t, "ru"))
	if err != nil {
		t.Fatal(err)
	}
	n, err := BuildNotice(c, notice(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []Doc{a, n} {
		if _, err := d.HTML(); err != nil {
			t.Error(err)
		}
		if md := d.Markdown(); !strings.HasPrefix(md, "# "+d.Title) {
			t.Errorf("Markdown starts %q", md[:min(len(md), 80)])
		}
		if strings.Contains(d.Text(), "[agreement_") || strings.Contains(d.Text(), "[notice_") || strings.Contains(d.Text(), "[history_") {
			t.Errorf("a catalog entry failed:\n%s", d.Text())
		}
	}
}

// M6: full prepayment (no stages, or one) or staged prepayment with every
// stage's amount and due date.
func TestAgreementPayment(t *testing.T) {
	cases := []struct {
		name   string
		stages func(in AgreementInput) []AgreementStage
		want   []string
	}{
		{"no stages", func(AgreementInput) []AgreementStage { return nil }, []string{"Full prepayment of €4,225.00: work starts once it is paid."}},
		{"one stage", func(in AgreementInput) []AgreementStage {
			return []AgreementStage{{Number: 1, Amount: in.Total, Due: day(2026, 12, 9)}}
		}, []string{"Full prepayment of €4,225.00", "Payment due by Wednesday 9 December 2026."}},
		{"four stages", func(in AgreementInput) []AgreementStage { return in.Stages }, []string{"Payment in 4 stages", "Stage 4, due by Monday 11 January 2027 €1,056.25"}},
	}
	c, _ := LoadCatalog("en")
	for _, cs := range cases {
		t.Run(cs.name, func(t *testing.T) {
			in := agreement(t, "en")
			in.Stages = cs.stages(in)
			d, err := BuildAgreement(c, in)
			if err != nil {
				t.Fatal(err)
			}
			mustContain(t, strings.Join(strings.Fields(d.Text()), " "), cs.want...)
		})
	}
}
