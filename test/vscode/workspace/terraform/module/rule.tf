# The receipt rule; its bucket's grant is in policy.tf, the other file of this module.
resource "aws_s3_bucket" "inbox" {
  bucket = "inbound-mail-example"
}

resource "aws_ses_receipt_rule" "store" {
  name          = "store"
  rule_set_name = "inbound"
  depends_on    = [aws_s3_bucket_policy.inbox]

  s3_action {
    bucket_name = aws_s3_bucket.inbox.bucket
    position    = 1
  }
}

# Linted with its module: only this permission's own finding, none for the rule's bucket.
resource "aws_lambda_permission" "ses" {
  action         = "lambda:InvokeFunction"
  function_name  = "process-inbound-mail"
  principal      = "ses.amazonaws.com"
  source_account = "111122223333"
}
