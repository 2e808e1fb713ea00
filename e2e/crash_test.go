package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/parley-desk/parley/store"
)

// Killing the server with SIGKILL during a stream of writes loses no
// write it acknowledged.
func TestNoAcknowledgedWriteLost(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "desk.db")
	ctx := context.Background()
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	owner, err := db.SetUp(ctx, "A", "a@example.fi", "A", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	_, token, err := db.CreateToken(ctx, owner, "crash test")
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	bin := filepath.Join(dir, "parley")
	touchSources(t)
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/parley").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--db", dbPath)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stdout)
	var base string
	for sc.Scan() {
		if base = regexp.MustCompile(`http://127\.0\.0\.1:\d+`).FindString(sc.Text()); base != "" {
			break
		}
	}
	if base == "" {
		t.Fatal("the desk did not start")
	}

	// Eight writers post leads until the server dies; each 201 is an
	// acknowledged write whose id must survive.
	var mu sync.Mutex
	var acked []int64
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 5 * time.Second}
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				body := fmt.Sprintf(`{"text":"writer %d, inquiry %d: we pay after delivery","source":"crash"}`, w, i)
				req, _ := http.NewRequest("POST", base+"/api/v1/leads", strings.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+token)
				resp, err := client.Do(req)
				if err != nil {
					return // the server is gone
				}
				var out struct {
					Items []struct{ ID int64 } `json:"items"`
				}
				ok := resp.StatusCode == http.StatusCreated && json.NewDecoder(resp.Body).Decode(&out) == nil && len(out.Items) == 1
				resp.Body.Close()
				if ok {
					mu.Lock()
					acked = append(acked, out.Items[0].ID)
					mu.Unlock()
				}
			}
		}()
	}
	time.Sleep(1500 * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	wg.Wait()
	if len(acked) < 20 {
		t.Fatalf("only %d writes acknowledged before the kill; the test needs a stream", len(acked))
	}

	db, err = store.Open(ctx, dbPath)
	if err != nil {
		t.Fatalf("reopening after SIGKILL: %v", err)
	}
	defer db.Close()
	for _, id := range acked {
		if _, err := db.Lead(ctx, owner.WorkspaceID, id); err != nil {
			t.Fatalf("acknowledged lead %d lost after SIGKILL: %v", id, err)
		}
	}
	t.Logf("%d acknowledged writes, all present after SIGKILL", len(acked))
}

// A signed-in user stays signed in across a restart of the desk: sessions
// live in the database.
func TestSessionSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "desk.db")
	bin := filepath.Join(dir, "parley")
	touchSources(t)
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/parley").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	start := func() (string, *exec.Cmd) {
		cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--db", dbPath)
		cmd.Env = append(os.Environ(), "HOME="+dir)
		stdout, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if u := regexp.MustCompile(`http://127\.0\.0\.1:\d+`).FindString(sc.Text()); u != "" {
				return u, cmd
			}
		}
		t.Fatal("the desk did not start")
		return "", nil
	}
	base, cmd := start()
	noRedirect := func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	client := &http.Client{CheckRedirect: noRedirect}
	resp, err := client.PostForm(base+"/setup", map[string][]string{"workspace": {"W"}, "name": {"Anna"}, "email": {"a@example.fi"}, "password": {"correct horse battery"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var session *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == "parley_session" {
			session = c
		}
	}
	if session == nil {
		t.Fatal("no session cookie after set-up")
	}
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()
	base, cmd = start()
	defer func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() }()
	req, _ := http.NewRequest("GET", base+"/", nil)
	req.AddCookie(session)
	resp, err = client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("after a restart the dashboard answers %d (%s), want 200: the session was lost", resp.StatusCode, resp.Header.Get("Location"))
	}
}
