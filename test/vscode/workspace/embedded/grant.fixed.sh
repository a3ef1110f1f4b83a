#!/usr/bin/env bash
# Let SES invoke the function that processes inbound mail.
set -euo pipefail

aws lambda add-permission \
    --function-name "process-inbound-mail" \
    --statement-id GiveSESPermissionToInvokeFunction \
    --action "lambda:InvokeFunction" \
    --principal ses.amazonaws.com \
    --source-account "111122223333" \
    --source-arn "arn:aws:ses:us-east-1:111122223333:receipt-rule-set/inbound:receipt-rule/store"
