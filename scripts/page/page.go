// Package page draws experiments as one self-contained web page: for each
// run, the lesson's sequence diagram drawn from what happened (one arrow per
// segment, RSTs in red with the kernel's reason, each side's lines beside
// its lifeline, each end's TCP state as a band along it, time running
// down), then the timeline and the verdict. Inline SVG and CSS only: no
// script, nothing fetched, so the file opens anywhere, offline.
package page

import (
	"fmt"
	"html"
	"io"
	"strings"

	"graceclose/scripts/diagram"
	"graceclose/scripts/engine"
	"graceclose/scripts/events"
	"graceclose/scripts/lang"
	"graceclose/scripts/timeline"
)

// Run is one experiment's part of the page.
type Run struct {
	Name        string   // an anchor: "close"
	Title       string   // "close: type data1, data2, close; the server replies after 1s"
	About       string   // what the experiment shows (the scenario's comment)
	ByHand      []string // the commands to do it by hand
	Result      *engine.Result
	Verdict     string   // "close: client received 0 of 2 replies; ..."
	Outcome     string   // "this is the lesson's outcome", or how it differs
	Differences []string // how it differs, a line each
	Ok          bool     // the verdict is the one wanted
	Missing     []string // what the lab could not see here, and why (no capture...)
}

// Write writes the page: a title, then each run.
func Write(w io.Writer, title string, runs []Run, p *lang.Printer) error {
	if p == nil {
		p = lang.English
	}
	var b strings.Builder
	langTag := "en"
	if p.IsChinese() {
		langTag = "zh-CN"
	}
	fmt.Fprintf(&b, "<!doctype html>\n<html lang=%q>\n<head>\n<meta charset=\"utf-8\">\n<title>%s</title>\n<style>%s</style>\n</head>\n<body>\n",
		langTag, esc(title), style)
	fmt.Fprintf(&b, "<h1>%s</h1>\n", esc(title))
	for _, r := range runs {
		writeRun(&b, r, p)
	}
	b.WriteString("</body>\n</html>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func writeRun(b *strings.Builder, r Run, p *lang.Printer) {
	fmt.Fprintf(b, "<section class=\"run\" id=%q>\n<h2>%s</h2>\n", r.Name, esc(r.Title))
	if r.About != "" {
		fmt.Fprintf(b, "<p class=\"about\">%s</p>\n", esc(strings.ReplaceAll(r.About, "\n", " ")))
	}
	if len(r.ByHand) > 0 {
		fmt.Fprintf(b, "<details><summary>%s</summary><pre>%s</pre></details>\n",
			esc(p.Words("by hand, in two terminals")), esc(strings.Join(r.ByHand, "\n")))
	}
	d, err := diagram.New(r.Result.Events, r.Result.Port)
	missing := append([]string(nil), r.Missing...)
	if err != nil {
		d = diagram.WithoutPackets(r.Result.Events)
		missing = append(missing, p.T("no arrows: %v", err))
	}
	d.Lang = p
	fmt.Fprintf(b, "<h3>%s</h3>\n", esc(p.Words("sequence diagram")))
	b.WriteString(diagramSVG(d, r.Result, p))
	for _, m := range missing {
		fmt.Fprintf(b, "<p class=\"missing\">%s</p>\n", esc(m))
	}
	if r.Result.StatesFrom != "" {
		fmt.Fprintf(b, "<p class=\"source\">%s</p>\n", esc(p.T("tcp states: %s", r.Result.StatesFrom)))
	}
	fmt.Fprintf(b, "<h3>%s</h3>\n", esc(p.Words("timeline")))
	writeTimeline(b, r.Result, p)
	class := "verdict ok"
	if !r.Ok {
		class = "verdict differs"
	}
	fmt.Fprintf(b, "<div class=%q><p><b>%s</b> %s</p><p>%s</p>", class, esc(p.Words("verdict:")), esc(r.Verdict), esc(r.Outcome))
	if len(r.Differences) > 0 {
		b.WriteString("<ul>")
		for _, d := range r.Differences {
			fmt.Fprintf(b, "<li>%s</li>", esc(d))
		}
		b.WriteString("</ul>")
	}
	b.WriteString("</div>\n</section>\n")
}

// writeTimeline writes the run's timeline as a table: time, client, server.
func writeTimeline(b *strings.Builder, res *engine.Result, p *lang.Printer) {
	fmt.Fprintf(b, "<table class=\"timeline\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>\n",
		esc(p.Words("time")), esc(p.Words("client")), esc(p.Words("wire")), esc(p.Words("server")))
	for _, r := range timeline.Rows(res, timeline.Options{Lang: p}) {
		cells := [3]string{}
		switch r.Col {
		case timeline.ClientColumn:
			cells[0] = r.Text
		case timeline.WireColumn:
			cells[1] = wireText(r.Event)
		case timeline.ServerColumn:
			cells[2] = r.Text
		case timeline.BothColumns:
			cells[0], cells[2] = r.Text, r.Right
		}
		fmt.Fprintf(b, "<tr class=%q><td class=\"t\">%.3f</td><td>%s</td><td class=\"wire\">%s</td><td>%s</td></tr>\n",
			rowClass(r.Event), r.At.Sub(res.Started).Seconds(), esc(cells[0]), esc(cells[1]), esc(cells[2]))
	}
	b.WriteString("</tbody></table>\n")
}

// rowClass is a row's CSS class, by what its event is.
func rowClass(e events.Event) string {
	switch e.Kind {
	case events.Typed, events.Signaled:
		return "typed"
	case events.Printed:
		if e.Stream == "stderr" {
			return "stderr"
		}
		return "out"
	case events.Called, events.Returned:
		return "call"
	case events.StateChanged, events.ResetReceived, events.Retransmitted, events.Snapshot:
		return "kernel"
	case events.ResetSent:
		return "rst"
	case events.Segment:
		if e.Packet != nil && strings.Contains(e.Packet.Flags, "R") {
			return "rst"
		}
		return "wire"
	}
	return "note"
}

func esc(s string) string { return html.EscapeString(s) }

const style = `
body { font: 15px/1.45 system-ui, "Noto Sans CJK SC", "PingFang SC", sans-serif; margin: 1.5em auto; max-width: 1300px; color: #1d1d1f; padding: 0 1em; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; border-bottom: 1px solid #ddd; padding-bottom: .2em; } h3 { font-size: 1em; color: #555; }
.about { color: #444; } .missing, .source { color: #8a5a00; font-size: .9em; }
pre, table.timeline, svg text { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; }
svg { display: block; max-width: 100%; height: auto; border: 1px solid #e4e4e4; background: #fcfcfc; }
table.timeline { border-collapse: collapse; font-size: 12px; width: 100%; }
table.timeline td, table.timeline th { padding: 1px 6px; vertical-align: top; text-align: left; white-space: pre-wrap; }
table.timeline tr:nth-child(even) { background: #f6f6f6; }
td.t { text-align: right; color: #777; } td.wire { color: #555; }
tr.typed td { font-weight: bold; } tr.stderr td { color: #b00020; } tr.kernel td { color: #555; font-style: italic; }
tr.rst td { color: #c00; font-weight: bold; } tr.call td { color: #1a4fa0; }
.verdict { margin: 1em 0 2em; padding: .6em 1em; border-radius: 6px; }
.verdict.ok { background: #e8f5e9; border: 1px solid #7cb97f; } .verdict.differs { background: #fdecea; border: 1px solid #e57373; }
`

// wireText is a segment in the timeline's wire column: its whole label and
// its direction.
func wireText(e events.Event) string {
	if e.Who == "server" {
		return "<- " + e.Text
	}
	return e.Text + " ->"
}
