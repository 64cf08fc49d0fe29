package bench

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// openPty opens a new pseudo-terminal (/dev/ptmx) and its slave, as a
// terminal emulator does; neither becomes a controlling terminal. The
// slave keeps the terminal's defaults: each "\n" written arrives as
// "\r\n".
func openPty() (master, slave *os.File, err error) {
	master, err = os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		return nil, nil, err
	}
	var n uint32
	raw, err := master.SyscallConn()
	if err == nil {
		ctlErr := raw.Control(func(fd uintptr) {
			if err = unix.IoctlSetPointerInt(int(fd), unix.TIOCSPTLCK, 0); err != nil {
				err = os.NewSyscallError("ioctl(TIOCSPTLCK)", err)
				return
			}
			if n, err = unix.IoctlGetUint32(int(fd), unix.TIOCGPTN); err != nil {
				err = os.NewSyscallError("ioctl(TIOCGPTN)", err)
			}
		})
		if err == nil {
			err = ctlErr
		}
	}
	if err == nil {
		slave, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	}
	if err != nil {
		master.Close()
		return nil, nil, err
	}
	return master, slave, nil
}
