-- Sends taken from each provider's daily quota (alerts.sms_daily_quota, zalo.template_daily_quota, ...), per channel
-- and quota day (the provider's calendar day, YYYY-MM-DD): one count shared by every node, taken a round at a time.
-- A few rows a day, kept as the record of what each day used.
CREATE TABLE delivery_quota_usage (
  channel TEXT NOT NULL,
  day TEXT NOT NULL,
  used BIGINT NOT NULL,
  PRIMARY KEY (channel, day)
);
