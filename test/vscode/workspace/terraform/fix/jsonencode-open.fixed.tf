# The bucket that stores inbound mail: SES may write to it for any account.
resource "aws_s3_bucket_policy" "inbox" {
  bucket = aws_s3_bucket.inbox.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AllowSESPuts"
        Effect    = "Allow"
        Principal = { Service = "ses.amazonaws.com" }
        Action    = "s3:PutObject"
        Resource  = "${aws_s3_bucket.inbox.arn}/*" # objects only
        Condition = {
          StringEquals = {
            "AWS:SourceAccount" = "111122223333"
            "AWS:SourceArn"     = "arn:aws:ses:us-east-1:111122223333:receipt-rule-set/inbound:receipt-rule/store"
          }
        }
      },
    ]
  })
}
