package twopane

import (
	"fmt"
	"io"
	"strings"
)

// lastRule is how far the rule under the last column's title goes.
const lastRule = 24

// sideBySide writes columns of lines side by side under their titles, as
// the panes stood:
//
//	graceserver        | graceclient 127.0.0.1
//	-------------------+-------------------------
//	$ build/graceserver | $ build/graceclient 127.0.0.1
func sideBySide(w io.Writer, titles []string, cols [][]string) {
	widths := make([]int, len(cols))
	rows := 0
	for i, col := range cols {
		widths[i] = len(titles[i])
		for _, l := range col {
			widths[i] = max(widths[i], len(l))
		}
		rows = max(rows, len(col))
	}
	row := func(cells []string) string {
		var b strings.Builder
		for i, c := range cells {
			if i < len(cells)-1 {
				fmt.Fprintf(&b, "%-*s | ", widths[i], c)
			} else {
				b.WriteString(c)
			}
		}
		return strings.TrimRight(b.String(), " ")
	}
	fmt.Fprintln(w, row(titles))
	rules := make([]string, len(cols))
	for i := range cols {
		rules[i] = strings.Repeat("-", widths[i])
	}
	rules[len(rules)-1] = strings.Repeat("-", lastRule)
	fmt.Fprintln(w, strings.Join(rules, "-+-"))
	for r := 0; r < rows; r++ {
		cells := make([]string, len(cols))
		for i, col := range cols {
			if r < len(col) {
				cells[i] = col[r]
			}
		}
		fmt.Fprintln(w, row(cells))
	}
}
