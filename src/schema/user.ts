import { builder } from './builder.ts';
import { UserRef } from './refs.ts';

builder.objectType(UserRef, {
  description: 'A GitHub user (or bot) who resolved an alert or bypassed push protection.',
  fields: (t) => ({
    login: t.exposeString('login', { description: 'The GitHub login.' }),
    url: t.string({ nullable: true, description: "The user's GitHub page.", resolve: (user) => user.html_url ?? null }),
    avatarUrl: t.string({ nullable: true, description: "The user's avatar image.", resolve: (user) => user.avatar_url ?? null }),
  }),
});
