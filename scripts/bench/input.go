package bench

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// writeInput writes the client's input for n lines into dir, once per n:
// "data1" to "dataN", one a line, then "shutdown". It returns its path.
func writeInput(dir string, n int) (string, error) {
	path := filepath.Join(dir, fmt.Sprintf("lines-%d", n))
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return "", err
	}
	w := bufio.NewWriterSize(f, 1<<16)
	var line []byte
	for i := 1; i <= n; i++ {
		line = strconv.AppendInt(append(line[:0], "data"...), int64(i), 10)
		w.Write(append(line, '\n'))
	}
	w.WriteString("shutdown\n")
	if err := w.Flush(); err != nil {
		f.Close()
		return "", err
	}
	return path, f.Close()
}

// expected gives, a byte at a time, the replies' bytes the client must
// print for n lines: data1data2...dataN.
type expected struct {
	n, i int    // the lines, the last one made
	buf  []byte // the bytes of line i
	pos  int    // the next byte of buf
}

func newExpected(n int) *expected { return &expected{n: n} }

// next returns the next byte, or false after the last.
func (e *expected) next() (byte, bool) {
	if e.pos == len(e.buf) {
		if e.i == e.n {
			return 0, false
		}
		e.i++
		e.buf = strconv.AppendInt(append(e.buf[:0], "data"...), int64(e.i), 10)
		e.pos = 0
	}
	e.pos++
	return e.buf[e.pos-1], true
}

// expectedBytes is how many bytes data1...dataN has.
func expectedBytes(n int) int64 {
	var total int64
	for digits, from := 1, 1; from <= n; digits, from = digits+1, from*10 {
		to := min(n, from*10-1)
		total += int64(to-from+1) * int64(len("data")+digits)
	}
	return total
}
