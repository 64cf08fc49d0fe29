package scenario

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// Load reads the scenario file at path.
func Load(path string) (*Scenario, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	s, err := Parse(f)
	if err != nil {
		return nil, fmt.Errorf("%s:%w", path, err)
	}
	s.Name = strings.TrimSuffix(filepath.Base(path), ".txt")
	return s, nil
}

// signalKeys are the keys a person presses at a terminal to send a signal,
// as the terminal echoes them.
var signalKeys = map[string]string{"^C": "SIGINT", `^\`: "SIGQUIT", "^Z": "SIGTSTP"}

var whoPattern = regexp.MustCompile(`^[a-z][a-z0-9]*$`)

// faults are the ways to break a link (link.sh).
var faults = map[string]bool{"drop-first-fin": true, "cross-fins": true, "drop-rst": true, "drop-all": true, "link-down": true, "remove-host": true}

// Parse reads a scenario. Errors name the line: "12: ...".
func Parse(r io.Reader) (*Scenario, error) {
	s := &Scenario{}
	started := map[string]bool{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	n := 0
	inAbout := true
	for sc.Scan() {
		n++
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			if inAbout {
				text := strings.TrimPrefix(strings.TrimPrefix(line, "#"), " ")
				s.About += text + "\n"
			}
			continue
		}
		inAbout = false
		if strings.TrimSpace(line) == "" {
			continue
		}
		st, err := parseStep(line)
		if err != nil {
			return nil, fmt.Errorf("%d: %v: %q", n, err, line)
		}
		st.Line = n
		switch {
		case st.Op == Start && started[st.Who]:
			return nil, fmt.Errorf("%d: %s is started twice: %q", n, st.Who, line)
		case st.Op == Start:
			started[st.Who] = true
		case st.Who != "" && !started[st.Who]:
			return nil, fmt.Errorf("%d: %s is not started before this line: %q", n, st.Who, line)
		}
		s.Steps = append(s.Steps, st)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	s.About = strings.TrimRight(s.About, "\n")
	return s, nil
}

func parseStep(line string) (Step, error) {
	word, rest, _ := strings.Cut(line, " ")
	switch word {
	case "quiet":
		return Step{Op: Quiet, Text: rest}, nil
	case "states":
		if rest == "" {
			return Step{}, fmt.Errorf("states needs a label")
		}
		return Step{Op: States, Text: rest}, nil
	case "fault":
		name, host, _ := strings.Cut(rest, " ")
		if !faults[name] {
			return Step{}, fmt.Errorf("fault needs one of drop-first-fin, cross-fins, drop-rst, drop-all, link-down, remove-host")
		}
		if host != "" && host != "client" && host != "server" {
			return Step{}, fmt.Errorf("a fault's host is client or server")
		}
		return Step{Op: Fault, Text: name, Host: host}, nil
	}
	if !whoPattern.MatchString(word) {
		return Step{}, fmt.Errorf("a step starts with a program's name (client, server...) or quiet, states, fault")
	}
	st := Step{Who: word}
	mark, text, hasText := strings.Cut(rest, " ")
	switch mark {
	case "$":
		st.Op, st.Text = Start, text
		if strings.TrimSpace(text) == "" {
			return Step{}, fmt.Errorf("$ needs a command line")
		}
	case ">":
		st.Op, st.Text = Type, text
	case "|", "!":
		st.Op, st.Text, st.Stream = Print, text, "stdout"
		if mark == "!" {
			st.Stream = "stderr"
		}
	case "|~", "!~":
		st.Op, st.Stream = Print, "stdout"
		if mark == "!~" {
			st.Stream = "stderr"
		}
		re, err := regexp.Compile("^(?:" + text + ")$")
		if err != nil {
			return Step{}, err
		}
		st.Text, st.Pattern = text, re
	case "ends", "ends:":
		st.Op = Ends
		if mark == "ends:" {
			if err := checkEnding(text); err != nil {
				return Step{}, err
			}
			st.Text = text
		} else if hasText {
			return Step{}, fmt.Errorf(`"ends" takes no words; "ends: exit 1" states how`)
		}
	case "^D":
		st.Op = CloseStdin
	case "kill":
		sig, ok := strings.CutPrefix(text, "-")
		if !ok || sig == "" {
			return Step{}, fmt.Errorf("kill needs a signal: kill -TERM")
		}
		st.Op, st.Signal = Signal, "SIG"+strings.TrimPrefix(sig, "SIG")
	case "queued":
		count, err := strconv.Atoi(text)
		if err != nil || count < 1 {
			return Step{}, fmt.Errorf("queued needs a number of bytes")
		}
		st.Op, st.Count = Queued, count
	default:
		sig, ok := signalKeys[mark]
		if !ok {
			return Step{}, fmt.Errorf("unknown step %q after the program's name: want $ > | ! |~ !~ ends ^C ^\\ ^D kill queued", mark)
		}
		st.Op, st.Signal = Signal, sig
	}
	if st.Op == Signal && text == "now" {
		st.Now = true
	} else if (st.Op == Signal || st.Op == CloseStdin) && hasText && mark != "kill" {
		return Step{}, fmt.Errorf("%s takes nothing after it (but now: at once)", mark)
	}
	return st, nil
}

// checkEnding accepts "exit N" and "killed by SIGNAME".
func checkEnding(text string) error {
	if code, ok := strings.CutPrefix(text, "exit "); ok {
		if n, err := strconv.Atoi(code); err == nil && n >= 0 && n < 256 {
			return nil
		}
	}
	if sig, ok := strings.CutPrefix(text, "killed by SIG"); ok && sig != "" && strings.ToUpper(sig) == sig {
		return nil
	}
	return fmt.Errorf(`an ending is "exit N" or "killed by SIGNAME"`)
}
