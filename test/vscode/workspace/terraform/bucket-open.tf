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
        Resource  = "${aws_s3_bucket.inbox.arn}/*"
      },
    ]
  })
}

# The function SES invokes: no SourceArn pins the receipt rule.
resource "aws_lambda_permission" "ses" {
  statement_id   = "GiveSESPermissionToInvokeFunction"
  action         = "lambda:InvokeFunction"
  function_name  = "process-inbound-mail"
  principal      = "ses.amazonaws.com"
  source_account = "111122223333"
}
