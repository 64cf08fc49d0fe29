package main

import (
	"errors"
	"strconv"
	"strings"
)

// flagDef is one flag a script takes: "--sigpipe MODE" (with a value) or
// "--fast" (without).
type flagDef struct {
	name string               // "--sigpipe"
	what string               // what its value is, for "--sigpipe needs a mode"
	set  func(v string) error // nil for a flag without a value
	on   *bool                // a flag without a value
}

// boolFlag declares a flag without a value.
func (j *job) boolFlag(name string, on *bool) {
	j.flags = append(j.flags, &flagDef{name: name, on: on})
}

// valueFlag declares a flag with a value: "--port N" or "--port=N".
func (j *job) valueFlag(name, what string, set func(string) error) {
	j.flags = append(j.flags, &flagDef{name: name, what: what, set: set})
}

// oneOf is a value check: v must be one of the choices.
func (j *job) oneOf(v *string, choices ...string) func(string) error {
	return func(s string) error {
		for _, c := range choices {
			if s == c {
				*v = s
				return nil
			}
		}
		return errors.New(j.lang.T("want %s, not %q", j.lang.Or(choices), s))
	}
}

// parseFlags reads the job's arguments: the flags every script takes (-h,
// --fast, --keep, --port N), those the script declared, and the words that
// are not flags (j.words). It returns -1 to go on, or the exit status to
// end with (-h: 0 after the usage; a mistake: 2 after one line).
func (j *job) parseFlags() int {
	help := false
	j.boolFlag("--fast", &j.fast)
	j.boolFlag("--keep", &j.keep)
	j.valueFlag("--port", j.lang.Words("a port number"), func(v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 65535 {
			return errors.New(j.lang.T("not a port number: %s", v))
		}
		j.port = n
		return nil
	})
	args := j.args
	for len(args) > 0 {
		arg := args[0]
		args = args[1:]
		if arg == "-h" || arg == "--help" {
			help = true
			continue
		}
		if !strings.HasPrefix(arg, "-") {
			j.words = append(j.words, arg)
			continue
		}
		name, value, hasValue := strings.Cut(arg, "=")
		f := j.flag(name)
		if f == nil {
			return j.usageError("unknown flag: %s", arg)
		}
		if f.on != nil {
			if hasValue {
				return j.usageError("%s takes no value", name)
			}
			*f.on = true
			continue
		}
		if !hasValue {
			if len(args) == 0 {
				return j.usageError("%s needs %s", name, f.what)
			}
			value, args = args[0], args[1:]
		}
		if err := f.set(value); err != nil {
			return j.usageError("%s: %v", name, err)
		}
	}
	if help {
		j.usage()
		return exitOK
	}
	return -1
}

func (j *job) flag(name string) *flagDef {
	for _, f := range j.flags {
		if f.name == name {
			return f
		}
	}
	return nil
}
