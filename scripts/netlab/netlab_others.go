//go:build !linux

package netlab

import (
	"errors"
	"fmt"
	"runtime"

	"graceclose/scripts/lang"
)

// netState and faultState are what a Net and a Fault keep: nothing here.
type (
	netState   struct{}
	faultState struct{}
)

// errNotLinux is every operation's error where there are no network
// namespaces.
var errNotLinux = errors.New("netlab: " + notLinux)

// notLinux is in the catalog's words, for the lab to say in the learner's
// language.
var notLinux = fmt.Sprintf(lang.Mark("two hosts need Linux network namespaces; this is %s"), runtime.GOOS)

func available() (bool, string)      { return false, notLinux }
func netemAvailable() (bool, string) { return false, notLinux }
func newNet() (*Net, error)          { return nil, errNotLinux }
func leftovers() ([]string, error)   { return nil, nil }

func (n *Net) close() error               { return nil }
func (n *Net) setLink(state string) error { return errNotLinux }
func (n *Net) removeHost(h Host) error    { return errNotLinux }
func (n *Net) dropAll() (*Fault, error)   { return nil, errNotLinux }
func (n *Net) crossFINs() (*Fault, error) { return nil, errNotLinux }
func (f *Fault) rules() string            { return "" }
func (f *Fault) dropped() (int, error)    { return 0, errNotLinux }
func (f *Fault) remove() error            { return nil }

func (n *Net) drop(from Host, what, kind string) (*Fault, error) { return nil, errNotLinux }
func (n *Net) dropFirst(from Host, what, kind string) (*Fault, error) {
	return nil, errNotLinux
}
func (n *Net) netem(from Host, args []string) (*Fault, error) { return nil, errNotLinux }
