-- When the session's password was last checked (login or re-authentication): binding a
-- first factor needs it within the last minutes (ASVS 5.0 7.5.1; NIST SP 800-63B 6.1.2.1).
ALTER TABLE sessions ADD COLUMN password_at INTEGER;
