package vivified

import (
	"fmt"
	"os"
	"strconv"
)

// Environment is where the plugin runs. [EnvironmentFromOS] reads it from the variables the
// platform gives every Fargate task and every `vivified dev` process; for the queue, the AWS
// SDK's usual variables (AWS_REGION, AWS_ENDPOINT_URL_SQS, …) apply as well.
type Environment struct {
	// APIURL is the platform's API (VIVIFIED_API_URL).
	APIURL string
	// Credential is the installation's credential (VIVIFIED_CREDENTIAL), renewed in the background.
	Credential string
	// InstallationID is this installation (VIVIFIED_INSTALLATION_ID): operator calls are signed for it.
	InstallationID string
	// QueueURL is the installation's event queue (VIVIFIED_QUEUE_URL); needed only to handle events.
	QueueURL string
	// Port is where health and exposed operations are served (VIVIFIED_PORT, else PORT, else 8080).
	Port int
}

// EnvironmentFromOS reads the environment as the Node SDK does, refusing to start without the
// variables no installation runs without.
func EnvironmentFromOS() (Environment, error) {
	env := Environment{QueueURL: os.Getenv("VIVIFIED_QUEUE_URL"), Port: 8080}
	for name, field := range map[string]*string{
		"VIVIFIED_API_URL":         &env.APIURL,
		"VIVIFIED_CREDENTIAL":      &env.Credential,
		"VIVIFIED_INSTALLATION_ID": &env.InstallationID,
	} {
		*field = os.Getenv(name)
		if *field == "" {
			return Environment{}, fmt.Errorf("%s is not set: is this process running as a Vivified installation?", name)
		}
	}
	for _, name := range []string{"VIVIFIED_PORT", "PORT"} {
		if value := os.Getenv(name); value != "" {
			port, err := strconv.Atoi(value)
			if err != nil {
				return Environment{}, fmt.Errorf("%s is not a port: %q", name, value)
			}
			env.Port = port
			break
		}
	}
	return env, nil
}
