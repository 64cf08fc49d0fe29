package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
)

// build builds the two programs into build/, as the README says, and says
// so: "$ go build -o build/ ./graceclient ./graceserver". It builds into a
// folder of its own and renames, so that two scripts building at once
// never run a half-written program. Where the job was given its programs
// (the tests), they are already built.
func (j *job) build() error {
	if j.bin != "" {
		return nil
	}
	bin := binDir(j.path)
	root := filepath.Dir(bin)
	if err := os.MkdirAll(bin, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(bin, ".building.")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	j.printf("$ go build -o build/ ./graceclient ./graceserver\n")
	cmd := exec.CommandContext(j.ctx, "go", "build", "-o", tmp+string(filepath.Separator), "./graceclient", "./graceserver")
	cmd.Dir = root
	cmd.Stdout, cmd.Stderr = j.errOut, j.errOut
	// go's own temporary files too, so that a build cut short leaves none.
	cmd.Env = append(os.Environ(), "GOTMPDIR="+tmp)
	if err := cmd.Run(); err != nil {
		if j.ctx.Err() != nil {
			return j.ctx.Err()
		}
		return errors.New(j.lang.Words("go build failed"))
	}
	for _, prog := range []string{"graceclient", "graceserver"} {
		if err := os.Rename(filepath.Join(tmp, prog), filepath.Join(bin, prog)); err != nil {
			return err
		}
	}
	return nil
}

// buildOnce builds the programs on the job's first experiment.
func (j *job) buildOnce() error {
	if j.built {
		return nil
	}
	if err := j.build(); err != nil {
		return err
	}
	j.built = true
	return nil
}
