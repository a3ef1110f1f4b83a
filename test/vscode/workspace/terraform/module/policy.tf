resource "aws_s3_bucket_policy" "inbox" {
  bucket = aws_s3_bucket.inbox.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AllowSESPuts"
      Effect    = "Allow"
      Principal = { Service = "ses.amazonaws.com" }
      Action    = "s3:PutObject"
      Resource  = "${aws_s3_bucket.inbox.arn}/*"
      Condition = {
        StringEquals = { "aws:SourceAccount" = "111122223333" }
        ArnLike      = { "aws:SourceArn" = "arn:aws:ses:us-east-1:111122223333:receipt-rule-set/inbound:receipt-rule/store" }
      }
    }]
  })
}
