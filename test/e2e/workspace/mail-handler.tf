# SES may invoke the function for any account.
resource "aws_lambda_permission" "ses" {
  statement_id  = "GiveSESPermissionToInvokeFunction"
  action        = "lambda:InvokeFunction"
  function_name = "process-inbound-mail" # the mail handler
  principal     = "ses.amazonaws.com"
}
