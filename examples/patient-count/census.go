package main

import "sync"

// NewUser is a new user as Patient count sees it: cleared for internal data only, so the
// platform removes the name, email, date of birth and record number before delivery.
type NewUser struct {
	UserID string   `json:"userId"`
	Roles  []string `json:"roles"`
}

// Census counts the patients admitted. It is keyed by user id because the canonical lane delivers
// at least once: a redelivered event must not count twice.
type Census struct {
	mu       sync.Mutex
	patients map[string]struct{}
}

// Admit records a new user if they are a patient and answers how many patients there are.
func (c *Census) Admit(user NewUser) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.patients == nil {
		c.patients = map[string]struct{}{}
	}
	for _, role := range user.Roles {
		if role == "patient" {
			c.patients[user.UserID] = struct{}{}
			break
		}
	}
	return len(c.patients)
}

// Count is how many patients were admitted.
func (c *Census) Count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.patients)
}
