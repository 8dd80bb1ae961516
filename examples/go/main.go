// morph-connect from Go, with the standard library only.
//
//	go run . connect <ownerId>    create a connection and print where to send the user
//	go run . contacts <ownerId>   list the first contacts of a connected owner
//	go run . verify < body.json   verify a webhook delivery (headers from the environment)
//
// Configuration: MORPH_URL (default http://localhost:8787), MORPH_SECRET_KEY; for `verify`,
// MORPH_WEBHOOK_SECRET (whsec_…) and WEBHOOK_ID, WEBHOOK_TIMESTAMP, WEBHOOK_SIGNATURE (the delivery's
// webhook-id, webhook-timestamp and webhook-signature headers). Function names follow /openapi.json.
package main

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

const tolerance = 5 * time.Minute

// MorphError is an answer other than 2xx: the server's { error: { code, message } }.
type MorphError struct {
	Status  int
	Code    string
	Message string
}

func (e *MorphError) Error() string { return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Message) }

var client = &http.Client{Timeout: 30 * time.Second}

func morphURL() string {
	if u := os.Getenv("MORPH_URL"); u != "" {
		return strings.TrimRight(u, "/")
	}
	return "http://localhost:8787"
}

func request(method, path string, body any, ownerID string, out any) error {
	var reader io.Reader
	if body != nil {
		encoded, err := json.Marshal(body)
		if err != nil {
			return err
		}
		reader = bytes.NewReader(encoded)
	}
	req, err := http.NewRequest(method, morphURL()+path, reader)
	if err != nil {
		return err
	}
	req.Header.Set("authorization", "Bearer "+os.Getenv("MORPH_SECRET_KEY"))
	req.Header.Set("accept", "application/json")
	if body != nil {
		req.Header.Set("content-type", "application/json")
	}
	if ownerID != "" {
		req.Header.Set("x-owner-id", ownerID)
	}
	answer, err := client.Do(req)
	if err != nil {
		return err
	}
	defer answer.Body.Close()
	if answer.StatusCode < 200 || answer.StatusCode >= 300 {
		var failure struct {
			Error struct{ Code, Message string } `json:"error"`
		}
		_ = json.NewDecoder(answer.Body).Decode(&failure)
		return &MorphError{answer.StatusCode, failure.Error.Code, failure.Error.Message}
	}
	return json.NewDecoder(answer.Body).Decode(out)
}

// AuthorizationLink is what authorizeConnection answers: where to send the user, and until when.
type AuthorizationLink struct {
	ID               string `json:"id"`
	AuthorizationURL string `json:"authorizationUrl"`
	ExpiresAt        string `json:"expiresAt"`
}

// Contact is a genericContact: the fields this example prints.
type Contact struct {
	ID        string  `json:"id"`
	FirstName *string `json:"firstName"`
	LastName  *string `json:"lastName"`
}

func createConnection(ownerID string, operations []string) error {
	body := map[string]any{"connectorId": "exact-online", "ownerId": ownerID, "operations": operations}
	return request("POST", "/v1/connections", body, "", &struct{}{})
}

func authorizeConnection(ownerID string) (AuthorizationLink, error) {
	var answer struct{ Data AuthorizationLink }
	err := request("POST", "/v1/connections/exact-online/"+url.PathEscape(ownerID)+"/authorize", map[string]any{}, "", &answer)
	return answer.Data, err
}

func listContacts(ownerID string, limit int) ([]Contact, error) {
	var answer struct{ Data []Contact }
	err := request("GET", "/v1/resources/genericContact?limit="+strconv.Itoa(limit), nil, ownerID, &answer)
	return answer.Data, err
}

// verifyWebhook checks a Standard Webhooks signature: HMAC-SHA256 over "<id>.<timestamp>.<body>",
// keyed with the secret's bytes.
func verifyWebhook(secret, id, timestamp, signatureHeader string, body []byte) bool {
	seconds, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil || time.Since(time.Unix(seconds, 0)).Abs() > tolerance {
		return false
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil {
		return false
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(id + "." + timestamp + "."))
	mac.Write(body)
	expected := []byte(base64.StdEncoding.EncodeToString(mac.Sum(nil)))
	// The header may carry several signatures (during a secret rotation): any one that matches will do.
	for _, part := range strings.Fields(signatureHeader) {
		version, candidate, found := strings.Cut(part, ",")
		if found && version == "v1" && hmac.Equal(expected, []byte(candidate)) {
			return true
		}
	}
	return false
}

func run(args []string) (int, error) {
	switch {
	case len(args) == 2 && args[0] == "connect":
		if err := createConnection(args[1], []string{"genericContact::list"}); err != nil {
			return 1, err
		}
		link, err := authorizeConnection(args[1])
		if err != nil {
			return 1, err
		}
		fmt.Println("authorizationUrl:", link.AuthorizationURL)
		fmt.Println("expiresAt:", link.ExpiresAt)
	case len(args) == 2 && args[0] == "contacts":
		contacts, err := listContacts(args[1], 5)
		if err != nil {
			return 1, err
		}
		for _, c := range contacts {
			name := strings.TrimSpace(deref(c.FirstName) + " " + deref(c.LastName))
			fmt.Println(strings.TrimRight(c.ID+"  "+name, " "))
		}
	case len(args) == 1 && args[0] == "verify":
		body, err := io.ReadAll(os.Stdin)
		if err != nil {
			return 1, err
		}
		if !verifyWebhook(os.Getenv("MORPH_WEBHOOK_SECRET"), os.Getenv("WEBHOOK_ID"), os.Getenv("WEBHOOK_TIMESTAMP"), os.Getenv("WEBHOOK_SIGNATURE"), body) {
			fmt.Println("invalid signature")
			return 1, nil
		}
		var event struct{ Type string }
		if err := json.Unmarshal(body, &event); err != nil {
			return 1, err
		}
		fmt.Println("valid", event.Type)
	default:
		fmt.Fprintln(os.Stderr, "usage: go run . connect <ownerId> | contacts <ownerId> | verify < body.json")
		return 2, nil
	}
	return 0, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func main() {
	code, err := run(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
	}
	os.Exit(code)
}
