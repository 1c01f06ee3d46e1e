"""plainmed: patient and clinician medicine pages generated from one checked source."""
