from letter import is_patient, welcome_letter


def test_writes_to_patients_only() -> None:
    assert is_patient({"userId": "u-1", "roles": ["patient"]})
    assert not is_patient({"userId": "u-2", "roles": ["clinician"]})
    assert not is_patient({"userId": "u-3"})


def test_letter_names_the_census() -> None:
    assert welcome_letter({"userId": "u-1"}, 3) == (
        "Welcome to the clinic, patient u-1: you are one of 3 patients with us."
    )
