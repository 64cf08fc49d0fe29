package twopane

// lineDiff says how got differs from want, line by line, as diff -u does
// with the whole text as context: " " a line both have, "-" one only want
// has, "+" one only got has, what want has first. The longest common
// subsequence decides; a pane has a few dozen lines at most.
func lineDiff(want, got []string) []string {
	// common[i][j]: the longest common subsequence of want[i:] and got[j:].
	common := make([][]int, len(want)+1)
	for i := range common {
		common[i] = make([]int, len(got)+1)
	}
	for i := len(want) - 1; i >= 0; i-- {
		for j := len(got) - 1; j >= 0; j-- {
			if want[i] == got[j] {
				common[i][j] = common[i+1][j+1] + 1
			} else {
				common[i][j] = max(common[i+1][j], common[i][j+1])
			}
		}
	}
	var out []string
	i, j := 0, 0
	for i < len(want) || j < len(got) {
		switch {
		case i < len(want) && j < len(got) && want[i] == got[j]:
			out = append(out, " "+want[i])
			i, j = i+1, j+1
		case i < len(want) && (j == len(got) || common[i+1][j] >= common[i][j+1]):
			out = append(out, "-"+want[i])
			i++
		default:
			out = append(out, "+"+got[j])
			j++
		}
	}
	return out
}
