package common

import (
	"errors"
	"flag"
	"fmt"
	"io"
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

// Set parses a duration or a number of seconds; negative values are refused.
func (s *Seconds) Set(text string) error {
	d, err := time.ParseDuration(text)
	if err != nil {
		f, ferr := strconv.ParseFloat(text, 64)
		if ferr != nil || f != f { // f != f: NaN
			return errors.New("want a duration such as 5s or 300ms, or a number of seconds")
		}
		if f > float64(1<<63-1)/float64(time.Second) {
			return errors.New("too long")
		}
		d = time.Duration(f * float64(time.Second))
	}
	if d < 0 {
		return errors.New("must not be negative")
	}
	*s = Seconds(d)
	return nil
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

// ParseFlags parses args (without the program name) into fs. With -h or
// -help it prints usage and the flags to standard output and exits 0; a bad
// flag is one line on stderr, "graceclient: invalid value ... (see -h)", and
// exit status 1, like every other mistake on the command line.
func ParseFlags(fs *flag.FlagSet, args []string, usage string) {
	fs.Init(fs.Name(), flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	if err == flag.ErrHelp {
		fmt.Fprintln(os.Stdout, usage)
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
}

// Usage prints the usage line on stderr and exits 1, as the C programs'
// error(1, 0, "usage: ...") does.
func Usage(usage string) {
	fmt.Fprintln(os.Stderr, usage)
	os.Exit(1)
}
