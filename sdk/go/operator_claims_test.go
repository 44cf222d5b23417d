package vivified

import "testing"

func TestTheBodyDigestIsThePlatforms(t *testing.T) {
	// The vector core/lanes/operator-claims.ts computes; sdk/go/test/plugin.test.ts holds it there.
	if got := operatorCallBodyDigest([]byte(`{"a":1}`)); got != "AVq9f1zFei3ZS3WQ8ErYCEJzkF7jPsXOvq5iJ2qX-GI" {
		t.Fatalf("digest %s", got)
	}
	if got := operatorCallAudience("inst-1"); got != "installation:inst-1" {
		t.Fatalf("audience %s", got)
	}
}
