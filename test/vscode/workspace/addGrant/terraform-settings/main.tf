# The mail bucket and its policy. This module declares no caller identity: the account is asked for.
resource "aws_s3_bucket" "inbox" {
  bucket = "inbound-mail-example"
}

resource "aws_s3_bucket_policy" "inbox" {
  bucket = aws_s3_bucket.inbox.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = ["arn:aws:s3:::inbound-mail-example", "arn:aws:s3:::inbound-mail-example/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })
}
