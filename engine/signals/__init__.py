"""What the player can see: metrics, alarms, logs, CloudTrail and the other signals (DESIGN §4)."""
