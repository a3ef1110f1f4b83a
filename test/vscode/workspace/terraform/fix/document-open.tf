# The topic SES publishes to: any account's receipt rules may publish.
data "aws_iam_policy_document" "topic" {
  statement {
    sid       = "AllowSESPublish"
    actions   = ["SNS:Publish"]
    resources = ["arn:aws:sns:us-east-1:111122223333:inbound-mail"]

    principals {
      type        = "Service"
      identifiers = ["ses.amazonaws.com"]
    }
  }
}
