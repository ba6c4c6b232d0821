-- SMS budgets (issue 9, toll fraud): every send records what it was for and from which source
-- address, so enrolment sends cannot spend a number's sign-in budget, and per-source and
-- global hourly caps can be counted.
ALTER TABLE sms_sends ADD COLUMN purpose TEXT NOT NULL DEFAULT 'signin' CHECK (purpose IN ('enroll', 'signin'));
ALTER TABLE sms_sends ADD COLUMN source TEXT NOT NULL DEFAULT '';
CREATE INDEX sms_sends_source ON sms_sends(source, sent_at);
CREATE INDEX sms_sends_time ON sms_sends(sent_at);
