package main

import "testing"

func TestCensusCountsEachPatientOnce(t *testing.T) {
	var census Census
	census.Admit(NewUser{UserID: "u-1", Roles: []string{"patient"}})
	census.Admit(NewUser{UserID: "u-1", Roles: []string{"patient"}}) // a redelivery
	census.Admit(NewUser{UserID: "u-2", Roles: []string{"clinician"}})
	if got := census.Admit(NewUser{UserID: "u-3", Roles: []string{"clinician", "patient"}}); got != 2 {
		t.Errorf("got %d patients, want 2", got)
	}
	if census.Count() != 2 {
		t.Errorf("Count() = %d, want 2", census.Count())
	}
}
