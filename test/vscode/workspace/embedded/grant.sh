#!/usr/bin/env bash
# Let SES invoke the function that processes inbound mail.
set -euo pipefail

aws lambda add-permission \
    --function-name "process-inbound-mail" \
    --statement-id GiveSESPermissionToInvokeFunction \
    --action "lambda:InvokeFunction" \
    --principal ses.amazonaws.com
