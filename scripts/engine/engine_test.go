package engine

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"graceclose/common/proctest"
	"graceclose/scripts/scenario"
)

func TestMain(m *testing.M) { proctest.Main(m) }

// testLab is a Lab with short delays, its programs built for the test.
func testLab(t *testing.T, params map[string]string) *Lab {
	t.Helper()
	client := proctest.Client(t)
	proctest.Server(t)
	p := map[string]string{"delay": "300ms", "sleep": "200ms", "sigpipe": "default"}
	for k, v := range params {
		p[k] = v
	}
	return &Lab{Bin: filepath.Dir(client), Shown: "build", Params: p, Pace: 20 * time.Millisecond, Bound: 10 * time.Second}
}

func loadScenario(t *testing.T, name string) *scenario.Scenario {
	t.Helper()
	sc, err := scenario.Load(filepath.Join("..", "scenarios", name+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func TestLessonScenarios(t *testing.T) {
	for _, name := range []string{"close", "close-ignore", "close-custom", "shutdown", "sigint"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			res, err := testLab(t, nil).Run(context.Background(), loadScenario(t, name))
			if err != nil {
				t.Fatal(err)
			}
			if d := res.Differences(); len(d) > 0 {
				t.Errorf("%s differs from its scenario:\n%s", name, strings.Join(d, "\n"))
			}
		})
	}
}
