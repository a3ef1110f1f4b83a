# SES may invoke the function for any account.
resource "aws_lambda_permission" "ses" {
  statement_id  = "GiveSESPermissionToInvokeFunction"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.process.function_name # the mail handler
  principal     = "ses.amazonaws.com"
  source_account = "111122223333"
  source_arn     = "arn:aws:ses:us-east-1:111122223333:receipt-rule-set/inbound:receipt-rule/store"
}
