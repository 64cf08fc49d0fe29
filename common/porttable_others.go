//go:build !linux

package common

import "errors"

// PortUsers cannot read a table of sockets here (no /proc): the hint after
// "Address already in use" is then a general one.
func PortUsers(port int) ([]PortUser, error) {
	return nil, errors.New("no table of sockets to read on this system")
}
