package diagram

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"graceclose/scripts/lang"
)

// legend says how to read a diagram.
var legend = lang.Mark(`(arrows: the segments captured, in time order; ACK is named alone, and left out beside PSH, FIN, RST.
 beside each lifeline: > typed, the program's output (! its stderr), [its end, or what the lab saw or did],
 * a system call -> the socket's TCP state after it (... : it never returned), tcp: what the kernel did.
 time: seconds since the first line)
`)

// Layout limits.
const (
	maxNote      = 44 // the widest note beside the client's lifeline
	minArrow     = 28 // the narrowest arrow
	arrowPadding = 10 // dashes around the widest label
)

// Render draws the diagram as ASCII text under a title (none if ""): a
// legend, both ends' addresses over their lifelines, then a line per row,
// each with its time in seconds since the first row, to the millisecond.
// Notes beside the client's lifeline wider than maxNote columns are cut
// with "..."; those beside the server's run on to the right.
func (d *Diagram) Render(w io.Writer, title string) error {
	if len(d.Rows) == 0 {
		return errors.New("nothing to draw")
	}
	t0 := d.Rows[0].At
	clientHead := d.Words("client") + " " + d.Client.String()
	serverHead := d.Words("server") + " " + d.Server.String()
	left, arrow := width(clientHead), minArrow
	for _, r := range d.Rows {
		switch r.Lane {
		case ClientNote:
			left = max(left, min(width(d.Text(r)), maxNote))
		case ToServer, ToClient:
			arrow = max(arrow, width(r.Text)+arrowPadding)
		}
	}
	var b strings.Builder
	if title != "" {
		b.WriteString(title + "\n")
	}
	b.WriteString(d.Words(legend) + "\n")
	timeHead := pad(strings.Repeat(" ", max(0, 7-width(d.Words("time"))))+d.Words("time"), 9)
	blank := strings.Repeat(" ", width(timeHead))
	lifelines := "|" + strings.Repeat(" ", arrow) + "|"
	line := func(at, note, middle, right string) {
		b.WriteString(strings.TrimRight(at+pad(clip(note, left), left)+" "+middle+"  "+right, " ") + "\n")
	}
	line(timeHead, clientHead, lifelines, serverHead)
	line(blank, "", lifelines, "")
	for _, r := range d.Rows {
		at := fmt.Sprintf("%7.3f  ", r.At.Sub(t0).Seconds())
		switch r.Lane {
		case ClientNote:
			line(at, d.Text(r), lifelines, "")
		case ServerNote:
			line(at, "", lifelines, d.Text(r))
		default:
			line(at, "", drawArrow(r.Text, arrow, r.Lane == ToServer), "")
		}
	}
	line(blank, "", lifelines, "")
	if d.Others > 0 {
		fmt.Fprintf(&b, "\n%s\n", d.T("(%d segments of other connections left out)", d.Others))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// drawArrow draws "|----- label ----->|" (or "|<---- label -----|"), wide
// columns between the lifelines.
func drawArrow(label string, wide int, right bool) string {
	label = " " + label + " "
	dashes := wide - width(label) - 1
	before := dashes / 2
	after := dashes - before
	if right {
		return "|" + strings.Repeat("-", before) + label + strings.Repeat("-", after) + ">|"
	}
	return "|<" + strings.Repeat("-", before) + label + strings.Repeat("-", after) + "|"
}

// width is how many columns text takes (a Chinese character takes two).
func width(text string) int { return lang.Width(text) }

// clip cuts text to wide columns, marking the cut with "...".
func clip(text string, wide int) string { return lang.Clip(text, wide, "...") }

// pad fills text with spaces to wide columns.
func pad(text string, wide int) string { return lang.Pad(text, wide) }
