package diagram

import "graceclose/scripts/events"

// WithoutPackets draws what there is when no packet was captured: no
// arrows, each program's lines and calls and the kernel's doings beside
// the lifeline of whose they are (Who). The ends' addresses are left
// unknown.
func WithoutPackets(evs []events.Event) *Diagram {
	sorted := append([]events.Event(nil), evs...)
	events.Sort(sorted)
	d := &Diagram{}
	for i, e := range sorted {
		var lane Lane
		switch e.Who {
		case "server":
			lane = ServerNote
		case "":
			continue
		default:
			lane = ClientNote
		}
		if e.Kind == events.Segment {
			continue
		}
		if text, shown := noteText(sorted, i); shown {
			d.Rows = append(d.Rows, Row{At: e.At, Lane: lane, Text: text, Kind: e.Kind, Event: e})
		}
	}
	return d
}
