package page

import (
	"fmt"
	"strings"
	"time"

	"graceclose/scripts/diagram"
	"graceclose/scripts/engine"
	"graceclose/scripts/events"
	"graceclose/scripts/explain"
	"graceclose/scripts/lang"
)

// The diagram's measures, in pixels.
const (
	charWidth   = 7.3 // of the 12px monospace font
	noteRow     = 18  // a row of text beside a lifeline
	arrowRow    = 30  // a row with an arrow (its label above the line)
	breakRow    = 24  // a pause: time passes with nothing to show
	maxNoteLen  = 60  // characters of a note shown (the rest in its tooltip)
	stateWidth  = 104 // the column of an end's TCP states, beside its lifeline
	arrowLength = 440
	top         = 56
	pauseAfter  = 200 * time.Millisecond // a longer gap between rows is drawn as a pause
)

// svgWriter collects the diagram's elements.
type svgWriter struct {
	b       strings.Builder
	p       *lang.Printer
	clientX float64 // the client's lifeline
	serverX float64
	noteEnd float64 // where the client's notes end (right-aligned)
}

// diagramSVG draws the diagram's rows as SVG.
func diagramSVG(d *diagram.Diagram, res *engine.Result, p *lang.Printer) string {
	left, right := 0, 0
	for _, r := range d.Rows {
		switch r.Lane {
		case diagram.ClientNote:
			left = max(left, min(maxNoteLen, lang.Width(d.Text(r))))
		case diagram.ServerNote:
			right = max(right, min(maxNoteLen, lang.Width(d.Text(r))))
		}
	}
	s := &svgWriter{p: p}
	s.noteEnd = 64 + float64(left)*charWidth
	s.clientX = s.noteEnd + 12 + stateWidth
	s.serverX = s.clientX + arrowLength
	width := s.serverX + stateWidth + 12 + float64(right)*charWidth + 16

	ys, height := layout(d.Rows)
	s.bands(d, ys, height)
	s.lifelines(d, height)
	last := events.Mono(0)
	for i, r := range d.Rows {
		y := ys[i]
		if i > 0 && r.At.Sub(last) > pauseAfter {
			s.pause(y-arrowRow/2-breakRow/2, r.At.Sub(last))
		}
		last = r.At
		s.text(8, y, "t", fmt.Sprintf("%.3f", r.At.Sub(res.Started).Seconds()), "")
		switch r.Lane {
		case diagram.ClientNote:
			text := d.Text(r)
			s.text(s.noteEnd, y, noteClass(r.Event)+" end", clip(text), text)
		case diagram.ServerNote:
			text := d.Text(r)
			s.text(s.serverX+stateWidth+12, y, noteClass(r.Event), clip(text), text)
		case diagram.ToServer, diagram.ToClient:
			s.arrow(r, y, reasonFor(d, r, p))
		}
	}
	return fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img">`+
		`<style>%s</style><defs>%s</defs>%s</svg>`+"\n", width, height, width, height, svgStyle, markers, s.b.String())
}

// layout gives each row its y, and returns the diagram's height: rows at
// the same instant one under the other, an arrow taller than a note, and a
// pause drawn where time passes with nothing to show.
func layout(rows []diagram.Row) ([]float64, float64) {
	ys := make([]float64, len(rows))
	y := float64(top)
	last := events.Mono(0)
	for i, r := range rows {
		step := float64(noteRow)
		if r.Lane.IsArrow() {
			step = arrowRow
		}
		if i > 0 && r.At.Sub(last) > pauseAfter {
			step += breakRow
		}
		y += step
		ys[i] = y
		last = r.At
	}
	return ys, y + 30
}

// lifelines draws the two ends' heads and lines.
func (s *svgWriter) lifelines(d *diagram.Diagram, height float64) {
	client, server := s.p.Words("client"), s.p.Words("server")
	if d.Client.IsValid() {
		client += " " + d.Client.String()
		server += " " + d.Server.String()
	}
	fmt.Fprintf(&s.b, `<text class="head" x="%.1f" y="24" text-anchor="middle">%s</text>`, s.clientX, esc(client))
	fmt.Fprintf(&s.b, `<text class="head" x="%.1f" y="24" text-anchor="middle">%s</text>`, s.serverX, esc(server))
	for _, x := range []float64{s.clientX, s.serverX} {
		fmt.Fprintf(&s.b, `<line class="life" x1="%.1f" y1="34" x2="%.1f" y2="%.0f"/>`, x, x, height-10)
	}
}

// bands draws each end's TCP state along its lifeline: a colored band from
// each change of state to the next, named where it begins. Linux shows no
// TIME_WAIT state change: a closing end goes to CLOSE as a small time-wait
// socket takes its place (in TIME_WAIT, or still waiting for the peer's FIN),
// so that CLOSE is drawn as what it is, until that socket answers with a
// RST and goes.
func (s *svgWriter) bands(d *diagram.Diagram, ys []float64, height float64) {
	for _, lane := range []diagram.Lane{diagram.ClientNote, diagram.ServerNote} {
		x := s.clientX - stateWidth
		if lane == diagram.ServerNote {
			x = s.serverX + 2
		}
		state, from := "", 0.0
		for i, r := range d.Rows {
			if r.Lane != lane {
				continue
			}
			next := ""
			switch {
			case r.Kind == events.StateChanged && r.Event.State != "LISTEN" && r.Event.From != "LISTEN":
				next = r.Event.State
				if next == "CLOSE" && (r.Event.From == "FIN_WAIT2" || r.Event.From == "FIN_WAIT1" || r.Event.From == "CLOSING") {
					next = "time-wait socket"
				}
			case r.Kind == events.ResetSent && state == "time-wait socket":
				next = "none" // the time-wait socket answered with a RST, and went
			default:
				continue
			}
			y := ys[i] - noteRow/2
			if state != "" {
				s.band(x, from, y, state)
			}
			state, from = next, y
		}
		if state != "" {
			s.band(x, from, height-10, state)
		}
	}
}

func (s *svgWriter) band(x, y1, y2 float64, state string) {
	if state == "none" || y2-y1 < 1 {
		return
	}
	class := strings.ToLower(strings.ReplaceAll(state, " ", "_"))
	label := state
	if state == "time-wait socket" {
		class, label = "time_wait", s.p.Words("time-wait socket")
	}
	fmt.Fprintf(&s.b, `<g class="band"><title>%s</title><rect class="st-%s" x="%.1f" y="%.1f" width="%d" height="%.1f" rx="3"/>`,
		esc(label), class, x, y1, stateWidth-2, y2-y1)
	if y2-y1 >= 12 {
		fmt.Fprintf(&s.b, `<text class="state" x="%.1f" y="%.1f">%s</text>`, x+4, y1+11, esc(label))
	}
	s.b.WriteString("</g>")
}

// arrow draws a segment between the lifelines, its label above it; a RST
// in red, with the kernel's reason under it.
func (s *svgWriter) arrow(r diagram.Row, y float64, reason string) {
	x1, x2 := s.clientX, s.serverX
	if r.Lane == diagram.ToClient {
		x1, x2 = x2, x1
	}
	class := "seg"
	if r.Event.Packet != nil && strings.Contains(r.Event.Packet.Flags, "R") {
		class = "seg rst"
	}
	marker := "url(#head)"
	if class != "seg" {
		marker = "url(#rsthead)"
	}
	fmt.Fprintf(&s.b, `<g class="%s"><title>%s</title><line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" marker-end="%s"/>`,
		class, esc(r.Text), x1, y, x2, y, marker)
	fmt.Fprintf(&s.b, `<text class="label" x="%.1f" y="%.1f" text-anchor="middle">%s</text>`, (s.clientX+s.serverX)/2, y-5, esc(r.Text))
	if reason != "" {
		fmt.Fprintf(&s.b, `<text class="reason" x="%.1f" y="%.1f" text-anchor="middle">%s</text>`, (s.clientX+s.serverX)/2, y+12, esc(reason))
	}
	s.b.WriteString("</g>")
}

// pause marks time passing with nothing to show.
func (s *svgWriter) pause(y float64, gap time.Duration) {
	fmt.Fprintf(&s.b, `<text class="pause" x="%.1f" y="%.1f" text-anchor="middle">%s</text>`,
		(s.clientX+s.serverX)/2, y+4, esc(s.p.T("… %.2f s later …", gap.Seconds())))
}

// text writes a line of text at (x, y); its full text in a tooltip when cut.
func (s *svgWriter) text(x, y float64, class, text, full string) {
	anchor := ""
	if strings.HasSuffix(class, " end") {
		class, anchor = strings.TrimSuffix(class, " end"), ` text-anchor="end"`
	}
	fmt.Fprintf(&s.b, `<text class="%s" x="%.1f" y="%.1f"%s>`, class, x, y, anchor)
	if full != "" && full != text {
		fmt.Fprintf(&s.b, "<title>%s</title>", esc(full))
	}
	fmt.Fprintf(&s.b, "%s</text>", esc(text))
}

// reasonFor is the words for a RST segment: the kernel's reason, from the
// sender's ResetSent event at about the same instant.
func reasonFor(d *diagram.Diagram, r diagram.Row, p *lang.Printer) string {
	if r.Event.Packet == nil || !strings.Contains(r.Event.Packet.Flags, "R") {
		return ""
	}
	sender := diagram.ClientNote
	if r.Lane == diagram.ToClient {
		sender = diagram.ServerNote
	}
	for _, o := range d.Rows {
		dt := o.At.Sub(r.At)
		if o.Lane == sender && o.Kind == events.ResetSent && dt < 5*time.Millisecond && dt > -5*time.Millisecond {
			who := "client"
			if sender == diagram.ServerNote {
				who = "server"
			}
			if words := explain.ResetReason(p, o.Event.Reason, who); words != "" {
				return words + " (" + o.Event.Reason + ")"
			}
			return o.Event.Reason
		}
	}
	return ""
}

// noteClass is a note's CSS class, by what its event is.
func noteClass(e events.Event) string {
	switch rowClass(e) {
	case "typed":
		return "typed"
	case "stderr":
		return "stderr"
	case "call":
		return "call"
	case "kernel", "rst":
		return "kernel"
	}
	return "out"
}

// clip cuts text to maxNoteLen columns (a Chinese character takes two),
// marking the cut with "…".
func clip(text string) string { return lang.Clip(text, maxNoteLen, "…") }

const markers = `<marker id="head" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#333"/></marker>` +
	`<marker id="rsthead" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#c00"/></marker>`

const svgStyle = `
text { font: 12px "DejaVu Sans Mono", Menlo, Consolas, monospace; fill: #222; }
.head { font-weight: bold; font-size: 13px; } .t { fill: #888; } .typed { font-weight: bold; } .stderr { fill: #b00020; }
.call { fill: #1a4fa0; } .kernel { fill: #666; font-style: italic; } .pause { fill: #999; font-style: italic; }
.life { stroke: #999; stroke-width: 1.5; stroke-dasharray: 4 3; }
.seg line { stroke: #333; stroke-width: 1.4; } .seg .label { font-weight: bold; }
.rst line { stroke: #c00; stroke-width: 2; } .rst .label, .reason { fill: #c00; } .reason { font-size: 11px; }
.state { font-size: 10px; fill: #333; }
rect { fill: #eee; stroke: #bbb; stroke-width: .5; }
.st-established { fill: #c8e6c9; } .st-syn_sent, .st-syn_recv, .st-new_syn_recv { fill: #e3f2fd; }
.st-fin_wait1, .st-fin_wait2 { fill: #ffe0b2; } .st-close_wait { fill: #ffccbc; } .st-last_ack, .st-closing { fill: #f8bbd0; }
.st-time_wait { fill: #d1c4e9; } .st-close { fill: #e0e0e0; }
`
