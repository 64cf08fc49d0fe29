package bench

import (
	"bytes"
	"fmt"
)

// The client's own lines, which are not replies.
var ownLines = [][]byte{[]byte("now sending "), []byte("send bytes: ")}

// ownPrefix is the longest of ownLines: enough of a line to tell.
const ownPrefix = 12

// hi is what the server puts before each reply.
const hi = "Hi, "

// replyCheck reads a client's standard output as it comes and checks its
// replies. The server answers once per read, so replies coalesce and may
// be cut anywhere by the client's reads: the check is on bytes. Less the
// client's own lines ("now sending ...", "send bytes: ..."), its
// newlines, and every "Hi, ", the output must be exactly
// data1data2...dataN. It keeps no more than a line's first bytes, so a
// run of millions of lines is checked as it goes.
type replyCheck struct {
	want     *expected
	lines    int
	terminal bool // a pty's output: "\r\n" ends a line

	head    []byte // the start of the line, until it tells whose it is
	skip    bool   // this line is the client's own
	decided bool   // head has told
	cr      bool   // a '\r' is held, until the next byte says if it ends a line
	hiSeen  int    // bytes of "Hi, " matched and held

	got, diffAt   int64  // reply bytes so far; the first that differs, or -1
	gotAt, wantAt []byte // up to 16 bytes of each from there
}

func newReplyCheck(lines int, terminal bool) *replyCheck {
	return &replyCheck{want: newExpected(lines), lines: lines, terminal: terminal, diffAt: -1}
}

// Write takes the next bytes of the output.
func (c *replyCheck) Write(b []byte) (int, error) {
	for _, x := range b {
		if c.terminal {
			if c.cr {
				c.cr = false
				if x != '\n' {
					c.lineByte('\r')
				}
			}
			if x == '\r' {
				c.cr = true
				continue
			}
		}
		c.lineByte(x)
	}
	return len(b), nil
}

// lineByte takes a byte of a line, or its newline.
func (c *replyCheck) lineByte(x byte) {
	if x == '\n' {
		c.decide()
		c.head, c.skip, c.decided = c.head[:0], false, false
		return
	}
	if c.decided {
		if !c.skip {
			c.reply(x)
		}
		return
	}
	c.head = append(c.head, x)
	if len(c.head) == ownPrefix {
		c.decide()
	}
}

// decide says whether the line begun in head is the client's own, and if
// not passes its bytes on as replies.
func (c *replyCheck) decide() {
	if c.decided {
		return
	}
	c.decided = true
	for _, own := range ownLines {
		if bytes.HasPrefix(c.head, own) {
			c.skip = true
			return
		}
	}
	for _, x := range c.head {
		c.reply(x)
	}
}

// reply takes a byte of the replies and drops each "Hi, " (which cannot
// overlap itself: a byte that breaks a match can only start a new one if
// it is an 'H').
func (c *replyCheck) reply(x byte) {
	if x == hi[c.hiSeen] {
		c.hiSeen++
		if c.hiSeen == len(hi) {
			c.hiSeen = 0
		}
		return
	}
	for i := 0; i < c.hiSeen; i++ {
		c.compare(hi[i])
	}
	c.hiSeen = 0
	if x == hi[0] {
		c.hiSeen = 1
		return
	}
	c.compare(x)
}

// compare takes a byte of the replies without "Hi, " and compares it with
// the next one expected, keeping 16 bytes of each from the first that
// differs.
func (c *replyCheck) compare(x byte) {
	c.got++
	if c.diffAt < 0 {
		w, ok := c.want.next()
		if ok && w == x {
			return
		}
		c.diffAt = c.got - 1
		if ok {
			c.wantAt = append(c.wantAt, w)
			c.moreWanted()
		}
	}
	if len(c.gotAt) < 16 {
		c.gotAt = append(c.gotAt, x)
	}
}

func (c *replyCheck) moreWanted() {
	for len(c.wantAt) < 16 {
		w, ok := c.want.next()
		if !ok {
			return
		}
		c.wantAt = append(c.wantAt, w)
	}
}

// result ends the check: nil if the replies were exactly data1...dataN,
// else how they differ.
func (c *replyCheck) result() error {
	if c.cr {
		c.cr = false
		c.lineByte('\r')
	}
	if len(c.head) > 0 || c.decided {
		c.decide()
	}
	for i := 0; i < c.hiSeen; i++ {
		c.compare(hi[i])
	}
	c.hiSeen = 0
	if c.diffAt < 0 {
		w, more := c.want.next()
		if !more {
			return nil
		}
		c.diffAt = c.got // the first byte missing
		c.wantAt = append(c.wantAt, w)
		c.moreWanted()
	}
	return fmt.Errorf("%d bytes of replies, want %d (data1..data%d); from byte %d: got %q, want %q",
		c.got, expectedBytes(c.lines), c.lines, c.diffAt+1, c.gotAt, c.wantAt)
}

// readCount counts a server's "received ..." lines as its output comes:
// how many reads the server answered.
type readCount struct {
	n    int
	pos  int  // bytes into the line, up to len(received)
	miss bool // the line is not one
}

var received = []byte("received ")

func (r *readCount) Write(b []byte) (int, error) {
	for _, x := range b {
		switch {
		case x == '\n':
			r.pos, r.miss = 0, false
		case r.miss || r.pos == len(received):
		case x == received[r.pos]:
			r.pos++
			if r.pos == len(received) {
				r.n++
			}
		default:
			r.miss = true
		}
	}
	return len(b), nil
}
