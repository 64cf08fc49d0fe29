package common

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/big"
	"os"
	"strconv"
	"strings"
	"time"
)

// Seconds is a flag value for a pause: a Go duration ("5s", "300ms") or a
// bare number of seconds ("5", "0.3"), as the lesson's sleep(5) counts them.
type Seconds time.Duration

// String returns the duration in Go's notation.
func (s *Seconds) String() string { return time.Duration(*s).String() }

// maxSeconds is the longest pause, time.Duration's limit, in seconds.
const maxSeconds = "9223372036.854775807"

// errTooLong is the error for a pause past time.Duration's limit.
var errTooLong = fmt.Errorf("too long: at most %v (%s seconds)", time.Duration(math.MaxInt64), maxSeconds)

// Set parses a duration or a number of seconds; negative values are refused,
// and so are values past time.Duration's limit (about 292 years), with that
// limit in the message.
func (s *Seconds) Set(text string) error {
	d, err := time.ParseDuration(text)
	if err != nil {
		// time.ParseDuration says "invalid duration" for a value too
		// large as for text that is no duration: tell them apart.
		if ns, ok := durationNanoseconds(text); ok {
			return tooLongOrNegative(ns)
		}
		ns, ok := secondsNanoseconds(text)
		if !ok {
			return errors.New("want a duration such as 5s or 300ms, or a number of seconds")
		}
		if err := tooLongOrNegative(ns); err != nil {
			return err
		}
		d = wholeNanoseconds(ns)
	}
	if d < 0 {
		return errors.New("must not be negative")
	}
	*s = Seconds(d)
	return nil
}

// tooLongOrNegative returns the error for a pause of ns nanoseconds that
// does not fit in a time.Duration, or nil if it fits.
func tooLongOrNegative(ns *big.Rat) error {
	switch {
	case ns.Sign() < 0:
		return errors.New("must not be negative")
	case ns.Cmp(new(big.Rat).SetInt64(math.MaxInt64)) > 0:
		return errTooLong
	}
	return nil
}

// secondsNanoseconds parses a number of seconds ("5", "0.3", "1e3") and
// returns it in nanoseconds, exactly: a float64 cannot tell
// 9223372036.854775807 (the limit) from ...808 (past it).
func secondsNanoseconds(text string) (*big.Rat, bool) {
	if strings.Contains(text, "/") {
		return nil, false // big.Rat would take "1/3"
	}
	r, ok := new(big.Rat).SetString(text)
	if !ok {
		return nil, false
	}
	return r.Mul(r, big.NewRat(1e9, 1)), true
}

// wholeNanoseconds is ns (at most time.Duration's limit) truncated toward
// zero.
func wholeNanoseconds(ns *big.Rat) time.Duration {
	return time.Duration(new(big.Int).Quo(ns.Num(), ns.Denom()).Int64())
}

// durationUnits are time.ParseDuration's units, in nanoseconds.
var durationUnits = map[string]int64{"ns": 1, "us": 1e3, "µs": 1e3, "μs": 1e3, "ms": 1e6, "s": 1e9, "m": 60e9, "h": 3600e9}

// durationNanoseconds computes the value of a Go duration ("9999999h",
// "1h30m") exactly, however large, and reports whether text is one.
func durationNanoseconds(text string) (*big.Rat, bool) {
	negative, rest := false, text
	if rest != "" && (rest[0] == '-' || rest[0] == '+') {
		negative, rest = rest[0] == '-', rest[1:]
	}
	if rest == "" {
		return nil, false
	}
	isNumber := func(r rune) bool { return r == '.' || '0' <= r && r <= '9' }
	total := new(big.Rat)
	for rest != "" {
		i := strings.IndexFunc(rest, func(r rune) bool { return !isNumber(r) })
		if i <= 0 || rest[:i] == "." {
			return nil, false
		}
		number := rest[:i]
		rest = rest[i:]
		j := strings.IndexFunc(rest, isNumber)
		if j < 0 {
			j = len(rest)
		}
		unit, ok := durationUnits[rest[:j]]
		if !ok {
			return nil, false
		}
		rest = rest[j:]
		n, ok := new(big.Rat).SetString(number)
		if !ok {
			return nil, false
		}
		total.Add(total, n.Mul(n, big.NewRat(unit, 1)))
	}
	if negative {
		total.Neg(total)
	}
	return total, true
}

// Duration returns the pause as a time.Duration.
func (s Seconds) Duration() time.Duration { return time.Duration(s) }

// Port is a flag value for a TCP port number, 1 to 65535.
type Port int

// String returns the port number.
func (p *Port) String() string { return strconv.Itoa(int(*p)) }

// Set parses a port number.
func (p *Port) Set(text string) error {
	n, err := strconv.Atoi(text)
	if err != nil || n < 1 || n > 65535 {
		return errors.New("want a port number from 1 to 65535")
	}
	*p = Port(n)
	return nil
}

// ParseFlags parses args (without the program name) into fs, and returns
// the arguments that are not flags, in order. Flags and arguments may come
// in any order: Go's flag package stops at the first argument that is not a
// flag, but a person types "graceclient 127.0.0.1 -port 9999" as readily as
// the other way round. After "--" everything is an argument.
//
// With -h or -help it prints usage, about (what the program does) and the
// flags to standard output and exits 0; a bad flag is one line on stderr,
// "graceclient: invalid value ... (see graceclient -h)", and exit status 1,
// like every other mistake on the command line.
func ParseFlags(fs *flag.FlagSet, args []string, usage, about string) []string {
	fs.Init(fs.Name(), flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var arguments []string
	for {
		err := fs.Parse(args)
		if err == flag.ErrHelp {
			fmt.Fprintln(os.Stdout, usage)
			fmt.Fprintln(os.Stdout, "\n"+strings.TrimSuffix(about, "\n"))
			fmt.Fprintln(os.Stdout, "\nflags:")
			fs.SetOutput(os.Stdout)
			fs.PrintDefaults()
			os.Exit(0)
		}
		if err != nil {
			msg := strings.ReplaceAll(err.Error(), "\n", " ")
			fmt.Fprintf(os.Stderr, "%s: %s (see %s -h)\n", fs.Name(), msg, fs.Name())
			os.Exit(1)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return arguments
		}
		if parsed := len(args) - len(rest); parsed > 0 && args[parsed-1] == "--" {
			return append(arguments, rest...)
		}
		arguments = append(arguments, rest[0])
		args = rest[1:]
	}
}

// Usage prints the usage line on stderr and exits 1, as the C programs'
// error(1, 0, "usage: ...") does.
func Usage(usage string) {
	fmt.Fprintln(os.Stderr, usage)
	os.Exit(1)
}
