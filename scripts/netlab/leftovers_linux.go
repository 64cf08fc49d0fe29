package netlab

import (
	"os/exec"
	"strings"
)

func leftovers() ([]string, error) {
	var left []string
	names, err := namespaces()
	if err != nil {
		return nil, err
	}
	for _, ns := range names {
		if strings.HasPrefix(ns, namePrefix) {
			left = append(left, "netns "+ns)
		}
	}
	out, err := run("", "ip", "-o", "link", "show")
	if err != nil {
		return nil, err
	}
	for _, name := range linkNames(out) {
		for _, prefix := range []string{clientIface, serverIface, namePrefix} {
			if strings.HasPrefix(name, prefix) {
				left = append(left, "link "+name)
				break
			}
		}
	}
	if _, err := exec.LookPath("nft"); err != nil {
		return left, nil // no nft, no tables
	}
	out, err = run("", "nft", "list", "tables")
	if err != nil {
		return nil, err
	}
	for _, line := range strings.Split(out, "\n") {
		// "table netdev graceclose"
		if f := strings.Fields(line); len(f) == 3 && f[0] == "table" && f[2] == tableName {
			left = append(left, line)
		}
	}
	return left, nil
}
