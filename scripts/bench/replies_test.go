package bench

import (
	"strconv"
	"strings"
	"testing"
)

// clientOutput is what a client prints for lines data1..dataN sent one by
// one, the replies arriving as given (each a client read, printed with
// its newline).
func clientOutput(n int, replies ...string) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		line := "data" + strconv.Itoa(i)
		b.WriteString("now sending " + line + "\nsend bytes: " + strconv.Itoa(len(line)) + " \n")
	}
	for _, r := range replies {
		b.WriteString(r + "\n")
	}
	return b.String()
}

// check feeds output to a replyCheck in pieces of size bytes.
func check(lines int, terminal bool, output string, size int) error {
	c := newReplyCheck(lines, terminal)
	for len(output) > 0 {
		n := min(size, len(output))
		c.Write([]byte(output[:n]))
		output = output[n:]
	}
	return c.result()
}

func TestReplyCheck(t *testing.T) {
	for _, c := range []struct {
		name     string
		lines    int
		terminal bool
		output   string
		want     string // the error, "" none
	}{
		{"one reply a line", 3, false, clientOutput(3, "Hi, data1", "Hi, data2", "Hi, data3"), ""},
		{"coalesced", 3, false, clientOutput(3, "Hi, data1data2", "Hi, data3"), ""},
		{"Hi cut by a read", 3, false, clientOutput(3, "Hi, data1H", "i, data2Hi", ", data3"), ""},
		{"interleaved with the client's lines", 2, false,
			"now sending data1\nsend bytes: 5 \nHi, data1\nnow sending data2\nsend bytes: 5 \nHi, data2\n", ""},
		{"terminal", 2, true, strings.ReplaceAll(clientOutput(2, "Hi, data1", "Hi, data2"), "\n", "\r\n"), ""},
		{"one missing", 3, false, clientOutput(3, "Hi, data1", "Hi, data3"),
			`10 bytes of replies, want 15 (data1..data3); from byte 10: got "3", want "2data3"`},
		{"one too many", 2, false, clientOutput(2, "Hi, data1", "Hi, data2", "Hi, data3"),
			`15 bytes of replies, want 10 (data1..data2); from byte 11: got "data3", want ""`},
		{"cut short", 3, false, clientOutput(3, "Hi, data1"),
			`5 bytes of replies, want 15 (data1..data3); from byte 6: got "", want "data2data3"`},
		{"a byte changed", 2, false, clientOutput(2, "Hi, data1", "Hi, dbta2"),
			`10 bytes of replies, want 10 (data1..data2); from byte 7: got "bta2", want "ata2"`},
		{"a carriage return in a file", 1, false, clientOutput(1, "Hi, data1\r"),
			`6 bytes of replies, want 5 (data1..data1); from byte 6: got "\r", want ""`},
		{"a lone Hi", 1, false, clientOutput(1, "Hi, data1", "Hi"),
			`7 bytes of replies, want 5 (data1..data1); from byte 6: got "Hi", want ""`},
		{"a short line", 1, false, clientOutput(1, "Hi, data1", "now"),
			`8 bytes of replies, want 5 (data1..data1); from byte 6: got "now", want ""`},
	} {
		for _, size := range []int{1, 3, 1 << 16} {
			err := check(c.lines, c.terminal, c.output, size)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != c.want {
				t.Errorf("%s, in pieces of %d bytes: got %q; want %q", c.name, size, got, c.want)
			}
		}
	}
}

func TestExpectedBytes(t *testing.T) {
	for _, n := range []int{0, 1, 9, 10, 11, 99, 100, 12345} {
		e, got := newExpected(n), int64(0)
		var b strings.Builder
		for {
			x, ok := e.next()
			if !ok {
				break
			}
			b.WriteByte(x)
			got++
		}
		var want strings.Builder
		for i := 1; i <= n; i++ {
			want.WriteString("data" + strconv.Itoa(i))
		}
		if b.String() != want.String() || expectedBytes(n) != got {
			t.Errorf("%d lines: got %d bytes (expectedBytes %d); want %d", n, got, expectedBytes(n), want.Len())
		}
	}
}

func TestReadCount(t *testing.T) {
	out := "received 5 bytes: data1\nsend bytes: 9\nreceived 10 bytes: data2data3\nreceive\nreceived 0\n"
	for _, size := range []int{1, 4, 100} {
		var r readCount
		for s := out; len(s) > 0; {
			n := min(size, len(s))
			r.Write([]byte(s[:n]))
			s = s[n:]
		}
		if r.n != 3 {
			t.Errorf("in pieces of %d bytes: got %d reads; want 3", size, r.n)
		}
	}
}
