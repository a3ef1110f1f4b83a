#!/bin/sh
# Lets the receipt rules of account 111122223333 invoke the mail processor.
set -eu

aws lambda add-permission --function-name process-inbound-mail \
  --statement-id GiveSESPermissionToInvokeFunction --action lambda:InvokeFunction \
  --principal ses.amazonaws.com --source-account 111122223333 \
  --source-arm "arn:aws:ses:us-east-1:111122223333:receipt-rule-set/inbound:receipt-rule/*"
