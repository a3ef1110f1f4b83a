# SES may invoke the function for any account.
resource "aws_lambda_permission" "ses" {
  statement_id  = "GiveSESPermissionToInvokeFunction"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.process.function_name # the mail handler
  principal     = "ses.amazonaws.com"
}
