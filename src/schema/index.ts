import { builder } from './builder.ts';
import './alert-filter.ts';
import './alert-connection.ts';
import './user.ts';
import './location.ts';
import './organization.ts';
import './repository.ts';
import './alert.ts';
import './pattern-configuration.ts';
import './enterprise.ts';
import './custom-pattern.ts';
import './rate-limit.ts';
import './report.ts';
import './errors.ts';
import './alert-mutations.ts';
import './pattern-configuration-mutations.ts';
import './custom-pattern-mutations.ts';

export const schema = builder.toSchema({ sortSchema: true });
