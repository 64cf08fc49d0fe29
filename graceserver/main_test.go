package main

import (
	"testing"

	"graceclose/common/proctest"
)

func TestMain(m *testing.M) { proctest.Main(m) }
