// The reglament bpmnlint plugin: rule modules by name and the `recommended` config (.bpmnlintrc extends it).
'use strict';

module.exports = {
  configs: {
    recommended: {
      rules: {
        'step-reference': 'error',
        'external-task-topic': 'error',
        'user-task-assignment': 'error',
        'user-task-form': 'error',
        'deadline-timer': 'error',
        'deadline-escalates': 'warn',
        'step-deadline': 'error',
        'gateway-conditions': 'error',
        'condition-syntax': 'error',
        'limit-text': 'error',
        'source-mark': 'error',
      },
    },
  },
  rules: {
    'step-reference': './rules/step-reference.js',
    'external-task-topic': './rules/external-task-topic.js',
    'user-task-assignment': './rules/user-task-assignment.js',
    'user-task-form': './rules/user-task-form.js',
    'deadline-timer': './rules/deadline-timer.js',
    'deadline-escalates': './rules/deadline-escalates.js',
    'step-deadline': './rules/step-deadline.js',
    'gateway-conditions': './rules/gateway-conditions.js',
    'condition-syntax': './rules/condition-syntax.js',
    'limit-text': './rules/limit-text.js',
    'source-mark': './rules/source-mark.js',
  },
};
