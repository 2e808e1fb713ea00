package mail

import "testing"

func TestHTMLToText(t *testing.T) {
	tests := []struct{ name, html, want string }{
		{"paragraphs and inline tags", "<p>Hello&nbsp;<b>wor</b>ld</p><p>Second\n   line</p>", "Hello world\n\nSecond line\n"},
		{"script and style in any case", "<STYLE>p{}</STYLE><Script type='x'>var a='<p>';</sCrIpT>Text", "Text\n"},
		{"unclosed script drops the rest", "Before<script>evil()", "Before\n"},
		{"head without its end", "<head><title>T</title><body>Hi", "Hi\n"},
		{"link with another text", `<a href="https://x.example/a?b=1&amp;c=2">the page</a>`, "the page (https://x.example/a?b=1&c=2)\n"},
		{"link that shows its address", `<a href='https://x.example'>https://x.example</a>`, "https://x.example\n"},
		{"mail link", `<a href="mailto:a@b.example">write to me</a>`, "write to me (a@b.example)\n"},
		{"script link is not shown", `<a href="javascript:evil()">click</a>`, "click\n"},
		{"lists", "<ul><li>one</li><li>two</li></ul>after", "- one\n- two\n\nafter\n"},
		{"table cells", "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\nc\n"},
		{"comment", "x<!-- <p>hidden</p> -->y", "xy\n"},
		{"unclosed comment", "x<!-- hidden", "x\n"},
		{"entities", "&lt;tag&gt; &amp; &#8364; &euro; &#x41;", "<tag> & € € A\n"},
		{"stray angle brackets", "a < b and c > d, 3<4", "a < b and c > d, 3<4\n"},
		{"quoted > in an attribute", `<img alt="a > b" src=x>text`, "text\n"},
		{"pre keeps spaces", "<pre>  a\n   b</pre>c", "  a\n   b\n\nc\n"},
		{"br and div", "one<br>two<div>three</div>four", "one\ntwo\nthree\nfour\n"},
		{"declaration", "<!DOCTYPE html><?xml x?>ok", "ok\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := normalizeText(htmlToText(tc.html)); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
